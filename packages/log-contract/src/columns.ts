import { parseWith } from '@aws-log-mcp/shared/core';
import { z } from 'zod';
import { COLUMN_NAME_PATTERN, COLUMN_TYPES, ColumnType, ROLE_COLUMNS, SOURCE_KEY_PATTERN } from './column-types';
import { SourceKeysSchema } from './ingest/presets';

export * from './column-types';

const COLUMN_NAME_RULE =
  '[logSchema.columnName] column names are 1-128 characters of lowercase letters, digits and underscores, not starting with a digit';

/** A column name (the contract's rule, for every schema that carries one). */
export const ColumnNameSchema = z.string().regex(COLUMN_NAME_PATTERN, COLUMN_NAME_RULE);

/** A column type of {@link COLUMN_TYPES}. */
export const ColumnTypeSchema = z.enum(COLUMN_TYPES, {
  error: `[logSchema.columnType] must be one of ${COLUMN_TYPES.join(', ')}`,
});

/**
 * Where a column's value comes from:
 * - `firelens`: metadata FireLens adds to every record (container, task, cluster);
 * - `raw`: the unparsed `log` line, kept so no field of the application's log is ever lost;
 * - `lifted`: a top-level key of the application's JSON log, lifted by the Fluent Bit filter.
 */
export type ColumnSource = 'firelens' | 'raw' | 'lifted';

export interface LogColumn {
  /** Column name in the Iceberg table and top-level key in the record Firehose receives. */
  readonly name: string;
  readonly type: ColumnType;
  readonly source: ColumnSource;
  /** Key in the application's JSON log for `lifted` columns. @default the column's `name` */
  readonly sourceKey?: string;
  /** Key paths tried in order for `lifted` columns (`a.b` = nested); replaces `sourceKey`. @default [`sourceKey`] */
  readonly sourceKeys?: readonly string[];
  /** The record checker reports a record without a value for this column. @default false */
  readonly expected?: boolean;
  readonly description: string;
}

/** Columns every log table has. */
export const DEFAULT_COLUMNS: readonly LogColumn[] = [
  { name: 'container_id', type: 'string', source: 'firelens', description: 'Docker container id (FireLens metadata)' },
  { name: 'container_name', type: 'string', source: 'firelens', description: 'Container name in the task definition' },
  { name: 'source', type: 'string', source: 'firelens', description: 'stdout or stderr' },
  { name: 'ecs_cluster', type: 'string', source: 'firelens', description: 'ECS cluster (enable-ecs-log-metadata)' },
  { name: 'ecs_task_arn', type: 'string', source: 'firelens', description: 'ECS task ARN (enable-ecs-log-metadata)' },
  { name: 'ecs_task_definition', type: 'string', source: 'firelens', description: 'Task definition family:revision' },
  { name: 'log', type: 'string', source: 'raw', expected: true, description: 'The raw log line as the application wrote it' },
  {
    name: 'timestamp',
    type: 'timestamp',
    source: 'lifted',
    expected: true,
    description: 'Event time; Firehose needs epoch microseconds, the Fluent Bit filter converts ISO-8601',
  },
  { name: 'level', type: 'string', source: 'lifted', description: 'Log level from the application log' },
  { name: 'message', type: 'string', source: 'lifted', description: 'Message from the application log' },
  { name: 'request_id', type: 'string', source: 'lifted', description: 'Request id from the application log' },
];

/** One additional column, lifted from the application's JSON log. */
export const ExtraColumnSchema = z
  .object({
    name: ColumnNameSchema,
    type: ColumnTypeSchema,
    /** Key in the application's JSON log (default: the column name). */
    sourceKey: z
      .string()
      .regex(SOURCE_KEY_PATTERN, '[logSchema.sourceKey] source keys are 1-128 characters of letters, digits, _ @ -')
      .optional(),
    /** Key paths tried in order, the first present and not null wins; `a.b` reaches into nested objects. */
    sourceKeys: SourceKeysSchema.optional(),
    /** Let the record checker report records without this field. */
    expected: z.boolean().optional(),
    description: z.string().max(255).optional(),
  })
  .strict()
  .refine((c) => !(c.sourceKey && c.sourceKeys), {
    message: '[logSchema.sourceKeys] give sourceKey or sourceKeys, not both',
    path: ['sourceKeys'],
  });

/** An additional column from config: always lifted from the application's JSON log. */
export type ExtraColumn = z.output<typeof ExtraColumnSchema>;

/** The extra columns of a log table: at most 100, unique, none redefining a default column. */
export const ExtraColumnsSchema = z
  .array(ExtraColumnSchema)
  .max(100)
  .superRefine((columns, ctx) => {
    const seen = new Set<string>(DEFAULT_COLUMNS.map((c) => c.name));
    columns.forEach((c, i) => {
      if (seen.has(c.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: DEFAULT_COLUMNS.some((d) => d.name === c.name)
            ? '[logSchema.uniqueColumns] extra columns must not redefine a default column'
            : '[logSchema.uniqueColumns] column names must be unique',
        });
      }
      seen.add(c.name);
    });
  });

/**
 * The log schema contract: one ordered list of columns that drives the Iceberg schema, the
 * Fluent Bit filter, the Athena named queries and the record checker.
 */
export class LogSchema {
  readonly columns: readonly LogColumn[];
  private readonly byName: ReadonlyMap<string, LogColumn>;

  /**
   * `columns` must satisfy the contract's rules ({@link ExtraColumnsSchema} checks config input);
   * the role columns are required because the named queries and the MCP tools read them.
   */
  constructor(columns: readonly LogColumn[]) {
    const byName = new Map(columns.map((c) => [c.name, c]));
    for (const role of Object.values(ROLE_COLUMNS)) {
      if (!byName.has(role)) throw new Error(`[logSchema.roleColumns] the schema needs a "${role}" column`);
    }
    this.columns = columns;
    this.byName = byName;
  }

  /** The default columns plus `extra`, as {@link ExtraColumnsSchema} parsed them from config. */
  static withExtraColumns(extra: readonly ExtraColumn[] = []): LogSchema {
    return new LogSchema([
      ...DEFAULT_COLUMNS,
      ...extra.map<LogColumn>((c) => ({
        name: c.name,
        type: c.type,
        source: 'lifted',
        ...(c.sourceKey ? { sourceKey: c.sourceKey } : {}),
        ...(c.sourceKeys ? { sourceKeys: [...c.sourceKeys] } : {}),
        ...(c.expected ? { expected: true } : {}),
        description:
          c.description ??
          `Lifted from the application log key ${(c.sourceKeys ?? [c.sourceKey ?? c.name]).map((k) => `"${k}"`).join(' or ')}`,
      })),
    ]);
  }

  /** Parses unchecked `extra` with {@link ExtraColumnsSchema} (errors name `field`), then {@link withExtraColumns}. */
  static parse(extra: unknown, field = 'extraColumns'): LogSchema {
    return LogSchema.withExtraColumns(parseWith(ExtraColumnsSchema, extra, field));
  }

  column(name: string): LogColumn | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  get liftedColumns(): LogColumn[] {
    return this.columns.filter((c) => c.source === 'lifted');
  }

  /** The Iceberg type of each column as S3 Tables' `metadata.iceberg.schema.field` expects it. */
  icebergFields(): { name: string; type: string; required: boolean }[] {
    // Every column is optional: a record missing one still lands (with a null) instead of
    // failing delivery; the record checker is where absence is reported.
    return this.columns.map((c) => ({ name: c.name, type: c.type, required: false }));
  }
}
