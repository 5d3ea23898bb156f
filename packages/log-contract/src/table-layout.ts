import { ValidationError } from '@aws-log-mcp/shared/core';
import { z } from 'zod';
import { ColumnNameSchema, LogSchema } from './columns';
import { ColumnType, ROLE_COLUMNS } from './column-types';

/**
 * How the log table lays out its rows: the Iceberg partition spec and sort order, from the schema
 * contract. Both are metadata of the table (Iceberg spec, "Partitioning" and "Sorting"): the
 * partition spec decides which data files a row lands in, so a query filtering on `timestamp`
 * skips every file of other days; the sort order is the order writers and S3 Tables' `sort`
 * compaction put rows in, so Parquet row-group statistics skip most of a day as well.
 */

/** Iceberg partition transforms accepted in config: `identity`, `year`, `month`, `day`, `hour`, `bucket[N]`, `truncate[W]`. */
export const PARTITION_TRANSFORM_PATTERN = /^(identity|year|month|day|hour)$|^(bucket|truncate)\[([1-9][0-9]{0,6})\]$/;

/** One partition field: an Iceberg transform of a contract column. */
export interface PartitionField {
  readonly column: string;
  /** Iceberg transform in its text form: `day`, `hour`, `identity`, `bucket[16]`, … */
  readonly transform: string;
}

export type SortDirection = 'asc' | 'desc';
export type NullOrder = 'nulls-first' | 'nulls-last';

/** One sort field: a contract column (identity transform), its direction and where nulls go. */
export interface SortField {
  readonly column: string;
  readonly direction: SortDirection;
  readonly nullOrder: NullOrder;
}

/** The table's partition spec and sort order; `[]` means unpartitioned / unsorted. */
export interface TableLayout {
  readonly partitionSpec: readonly PartitionField[];
  readonly sortOrder: readonly SortField[];
}

/** `day(timestamp)`: a query over the last hour reads one day's files, retention drops whole days. */
export const DEFAULT_PARTITION_SPEC: readonly PartitionField[] = [{ column: ROLE_COLUMNS.timestamp, transform: 'day' }];

/** `timestamp` ascending (nulls first, Iceberg's default for ascending fields). */
export const DEFAULT_SORT_ORDER: readonly SortField[] = [
  { column: ROLE_COLUMNS.timestamp, direction: 'asc', nullOrder: 'nulls-first' },
];

export const DEFAULT_TABLE_LAYOUT: TableLayout = { partitionSpec: DEFAULT_PARTITION_SPEC, sortOrder: DEFAULT_SORT_ORDER };

/** Partition fields at most: Firehose writes one file per partition value per flush. */
export const MAX_PARTITION_FIELDS = 4;
/** `bucket[N]` at most: each bucket is one more file per flush. */
export const MAX_BUCKETS = 1024;
/** Sort fields at most. */
export const MAX_SORT_FIELDS = 8;

const TRANSFORM_RULE =
  '[tableLayout.transform] must be identity, year, month, day, hour, bucket[N] or truncate[W] (Iceberg partition transforms)';

/** `partitionSpec` in config: `[{ "column": "timestamp", "transform": "day" }]`. */
export const PartitionSpecSchema = z
  .array(
    z
      .object({
        column: ColumnNameSchema,
        transform: z.string().regex(PARTITION_TRANSFORM_PATTERN, TRANSFORM_RULE),
      })
      .strict(),
  )
  .max(
    MAX_PARTITION_FIELDS,
    `[tableLayout.partitionFields] at most ${MAX_PARTITION_FIELDS} partition fields (each multiplies the files Firehose writes per flush)`,
  );

/** `sortOrder` in config: `[{ "column": "timestamp", "direction": "asc" }]`; `nullOrder` defaults to Iceberg's (first for asc, last for desc). */
export const SortOrderSchema = z
  .array(
    z
      .object({
        column: ColumnNameSchema,
        direction: z.enum(['asc', 'desc'], { error: '[tableLayout.sortDirection] must be asc or desc' }).default('asc'),
        nullOrder: z
          .enum(['nulls-first', 'nulls-last'], { error: '[tableLayout.nullOrder] must be nulls-first or nulls-last' })
          .optional(),
      })
      .strict()
      .transform((f): SortField => ({
        column: f.column,
        direction: f.direction,
        nullOrder: f.nullOrder ?? (f.direction === 'asc' ? 'nulls-first' : 'nulls-last'),
      })),
  )
  .max(MAX_SORT_FIELDS, `[tableLayout.sortFields] at most ${MAX_SORT_FIELDS} sort fields`);

/** Column types each transform takes (Iceberg spec, "Partition Transforms"), narrowed to what makes a usable layout. */
const TRANSFORM_SOURCE_TYPES: Record<string, { readonly types: readonly ColumnType[]; readonly why: string }> = {
  identity: {
    types: ['string', 'int', 'long', 'boolean'],
    why: 'identity partitions one file group per distinct value: use day or hour for timestamp, bucket[N] for high-cardinality columns; double is refused (one partition per distinct number)',
  },
  bucket: { types: ['string', 'int', 'long', 'timestamp'], why: 'Iceberg buckets string, int, long and timestamp values' },
  truncate: { types: ['string', 'int', 'long'], why: 'Iceberg truncates string, int and long values' },
  year: { types: ['timestamp'], why: 'time transforms need a timestamp column' },
  month: { types: ['timestamp'], why: 'time transforms need a timestamp column' },
  day: { types: ['timestamp'], why: 'time transforms need a timestamp column' },
  hour: { types: ['timestamp'], why: 'time transforms need a timestamp column' },
};

const TIME_TRANSFORMS = new Set(['year', 'month', 'day', 'hour']);

/** `bucket[16]` -> `{ name: 'bucket', arg: 16 }`. */
export function parseTransform(transform: string): { readonly name: string; readonly arg?: number } {
  const m = PARTITION_TRANSFORM_PATTERN.exec(transform);
  if (!m) throw new Error(`${TRANSFORM_RULE} (got ${JSON.stringify(transform)})`);
  return m[1] ? { name: m[1] } : { name: m[2], arg: Number(m[3]) };
}

/**
 * The partition field's name as pyiceberg (and the Iceberg reference implementation) name them
 * when none is given: `timestamp_day`, `level_bucket_16`, `message_trunc_8`, or the column for identity.
 */
export function partitionFieldName(field: PartitionField): string {
  const t = parseTransform(field.transform);
  if (t.name === 'identity') return field.column;
  if (t.name === 'bucket') return `${field.column}_bucket_${t.arg}`;
  if (t.name === 'truncate') return `${field.column}_trunc_${t.arg}`;
  return `${field.column}_${t.name}`;
}

/**
 * Checks `layout` against `schema` (what the config schema cannot: the columns exist and each
 * transform fits the column's type). Errors name `field` (`…partitionSpec.0.transform`) and the rule.
 * @throws ValidationError `[tableLayout.column]`, `[tableLayout.transform]`, `[tableLayout.duplicate]`,
 *   `[tableLayout.timeTransforms]`, `[tableLayout.partitionName]`, `[tableLayout.bucket]`
 */
export function validateTableLayout(schema: LogSchema, layout: TableLayout, field: string): void {
  const seen = new Set<string>();
  const timeColumns = new Set<string>();
  layout.partitionSpec.forEach((p, i) => {
    const at = `${field}.partitionSpec.${i}`;
    const column = schema.column(p.column);
    if (!column)
      throw new ValidationError(
        `${at}.column`,
        `[tableLayout.column] must be a column of the table (${schema.names.join(', ')})`,
        p.column,
      );
    const t = parseTransform(p.transform);
    const allowed = TRANSFORM_SOURCE_TYPES[t.name];
    if (!allowed.types.includes(column.type))
      throw new ValidationError(
        `${at}.transform`,
        `[tableLayout.transform] ${t.name} cannot partition the ${column.type} column "${p.column}": ${allowed.why}`,
        p.transform,
      );
    if (t.name === 'bucket' && (t.arg as number) > MAX_BUCKETS)
      throw new ValidationError(
        `${at}.transform`,
        `[tableLayout.bucket] at most ${MAX_BUCKETS} buckets (each is one more file per Firehose flush)`,
        p.transform,
      );
    const name = partitionFieldName(p);
    if (seen.has(name))
      throw new ValidationError(at, `[tableLayout.duplicate] partitions by ${p.transform}(${p.column}) twice`, p);
    seen.add(name);
    if (TIME_TRANSFORMS.has(t.name)) {
      if (timeColumns.has(p.column))
        throw new ValidationError(
          `${at}.transform`,
          `[tableLayout.timeTransforms] one time transform per column: "${p.column}" already has one (hour implies day, day implies month)`,
          p.transform,
        );
      timeColumns.add(p.column);
    }
    if (t.name !== 'identity' && schema.column(name))
      throw new ValidationError(
        at,
        `[tableLayout.partitionName] the partition field would be named "${name}", which is a column of the table; Iceberg needs the names distinct (rename the extra column)`,
        p,
      );
  });
  const sorted = new Set<string>();
  layout.sortOrder.forEach((s, i) => {
    const at = `${field}.sortOrder.${i}`;
    if (!schema.column(s.column))
      throw new ValidationError(
        `${at}.column`,
        `[tableLayout.column] must be a column of the table (${schema.names.join(', ')})`,
        s.column,
      );
    if (sorted.has(s.column))
      throw new ValidationError(`${at}.column`, '[tableLayout.duplicate] sorts by the same column twice', s.column);
    sorted.add(s.column);
  });
}

/** Iceberg's JSON form of a partition field (what S3 Tables' CreateTable `metadata.iceberg.partitionSpec` takes). */
export interface IcebergPartitionFieldJson {
  readonly 'source-id': number;
  readonly 'field-id': number;
  readonly transform: string;
  readonly name: string;
}

/** Iceberg's JSON form of a sort field (S3 Tables' `metadata.iceberg.writeOrder`). */
export interface IcebergSortFieldJson {
  readonly 'source-id': number;
  readonly transform: 'identity';
  readonly direction: SortDirection;
  readonly 'null-order': NullOrder;
}

/**
 * Field ids of a table created from `schema.icebergFields()`: 1..n in column order, as S3 Tables
 * and Iceberg assign them to a new table's schema.
 */
export function schemaFieldId(schema: LogSchema, column: string): number {
  const i = schema.names.indexOf(column);
  if (i < 0) throw new Error(`[tableLayout.column] "${column}" is not a column of the table`);
  return i + 1;
}

/** The partition spec in Iceberg's JSON form for a table created from `schema` (partition field ids from 1000, as Iceberg assigns them). */
export function icebergPartitionSpec(
  schema: LogSchema,
  spec: readonly PartitionField[],
): { fields: IcebergPartitionFieldJson[] } {
  return {
    fields: spec.map((p, i) => ({
      'source-id': schemaFieldId(schema, p.column),
      'field-id': 1000 + i,
      transform: p.transform,
      name: partitionFieldName(p),
    })),
  };
}

/** The sort order in Iceberg's JSON form; an empty order is Iceberg's unsorted order (id 0). */
export function icebergSortOrder(
  schema: LogSchema,
  order: readonly SortField[],
): { 'order-id': number; fields: IcebergSortFieldJson[] } {
  return {
    'order-id': order.length ? 1 : 0,
    fields: order.map((s) => ({
      'source-id': schemaFieldId(schema, s.column),
      transform: 'identity',
      direction: s.direction,
      'null-order': s.nullOrder,
    })),
  };
}
