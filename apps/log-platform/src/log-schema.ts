import { ValidationError } from '@aws-log-mcp/shared';

/**
 * Column types the pipeline supports end to end: Iceberg can store them, Firehose can write
 * them from JSON, the Fluent Bit filter can coerce to them, and the record checker can test them.
 */
export const COLUMN_TYPES = ['string', 'timestamp', 'long', 'int', 'double', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

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
  /** Key in the application's JSON log for `lifted` columns (default: `name`). */
  readonly sourceKey?: string;
  /** The record checker reports a record without a value for this column. */
  readonly expected?: boolean;
  readonly description: string;
}

/** Columns every log table has (issue 4, section 1). */
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

/** An additional column from config: always lifted from the application's JSON log. */
export interface ExtraColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly sourceKey?: string;
  readonly expected?: boolean;
  readonly description?: string;
}

/**
 * Iceberg, Athena and Firehose agree on lowercase snake_case names: Athena lowercases
 * identifiers, and Firehose matches JSON keys to column names exactly.
 */
const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,127}$/;
/** A JSON key in the application log: anything printable, but no dots (Fluent Bit record accessors). */
const SOURCE_KEY = /^[A-Za-z0-9_@-]{1,128}$/;

/** Columns with a role in the named queries and the MCP tools; they must exist. */
export const ROLE_COLUMNS = {
  timestamp: 'timestamp',
  level: 'level',
  message: 'message',
  requestId: 'request_id',
  containerName: 'container_name',
  log: 'log',
} as const;

/**
 * The log schema contract: one ordered list of columns that drives the Iceberg schema, the
 * Fluent Bit filter, the Athena named queries and the record checker.
 */
export class LogSchema {
  readonly columns: readonly LogColumn[];
  private readonly byName: ReadonlyMap<string, LogColumn>;

  constructor(columns: readonly LogColumn[], field = 'columns') {
    const seen = new Map<string, LogColumn>();
    columns.forEach((c, i) => {
      if (!COLUMN_NAME.test(c.name)) {
        throw new ValidationError(
          `${field}[${i}].name`,
          '[logSchema.columnName] column names are 1-128 characters of lowercase letters, digits and underscores, not starting with a digit',
          c.name,
        );
      }
      if (seen.has(c.name)) {
        throw new ValidationError(`${field}[${i}].name`, '[logSchema.uniqueColumns] column names must be unique', c.name);
      }
      if (!(COLUMN_TYPES as readonly string[]).includes(c.type)) {
        throw new ValidationError(
          `${field}[${i}].type`,
          `[logSchema.columnType] must be one of ${COLUMN_TYPES.join(', ')}`,
          c.type,
        );
      }
      if (c.sourceKey !== undefined && !SOURCE_KEY.test(c.sourceKey)) {
        throw new ValidationError(
          `${field}[${i}].sourceKey`,
          '[logSchema.sourceKey] source keys are 1-128 characters of letters, digits, _ @ -',
          c.sourceKey,
        );
      }
      seen.set(c.name, c);
    });
    for (const role of Object.values(ROLE_COLUMNS)) {
      if (!seen.has(role)) throw new ValidationError(field, `[logSchema.roleColumns] the schema needs a "${role}" column`);
    }
    this.columns = columns;
    this.byName = seen;
  }

  /** The default columns plus `extra` (from config), validated. */
  static withExtraColumns(extra: readonly ExtraColumn[] = [], field = 'extraColumns'): LogSchema {
    extra.forEach((c, i) => {
      if (DEFAULT_COLUMNS.some((d) => d.name === c.name)) {
        throw new ValidationError(
          `${field}[${i}].name`,
          '[logSchema.uniqueColumns] extra columns must not redefine a default column',
          c.name,
        );
      }
    });
    const extras = extra.map<LogColumn>((c) => ({
      name: c.name,
      type: c.type,
      source: 'lifted',
      ...(c.sourceKey ? { sourceKey: c.sourceKey } : {}),
      ...(c.expected ? { expected: true } : {}),
      description: c.description ?? `Lifted from the application log key "${c.sourceKey ?? c.name}"`,
    }));
    try {
      return new LogSchema([...DEFAULT_COLUMNS, ...extras], field);
    } catch (e) {
      // Indices of extra columns are offset by the defaults in the combined list.
      if (e instanceof ValidationError) {
        const m = /^(.*)\[(\d+)\](.*)$/.exec(e.field);
        if (m) throw new ValidationError(`${m[1]}[${Number(m[2]) - DEFAULT_COLUMNS.length}]${m[3]}`, e.rule, e.value);
      }
      throw e;
    }
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
