import { EnvironmentConfig, ValidationError } from '@aws-log-mcp/shared';
import { Testing } from 'cdktf';
import { readLogPlatformConfig } from '../config';
import { LogPlatformStack } from '../stack';

/** Days rows are kept when the config has no `retentionDays` (the table-lifecycle default). */
export const DEFAULT_RETENTION_DAYS = 30;

/** Iceberg partition transform of one field, as the cost model needs it. */
export type PartitionTransform = 'identity' | 'year' | 'month' | 'day' | 'hour' | 'bucket' | 'truncate' | 'void';

export interface PartitionField {
  readonly column: string;
  readonly transform: PartitionTransform;
  /** `bucket[N]`: N. */
  readonly buckets?: number;
}

/** The table's partition spec; the default is `day(timestamp)` (the table-lifecycle default). */
export const DEFAULT_PARTITION_SPEC: readonly PartitionField[] = [{ column: 'timestamp', transform: 'day' }];

/** Hours of data in one partition of a time transform on `timestamp` (month and year use 730 h and 8,760 h). */
const TIME_TRANSFORM_HOURS: Partial<Record<PartitionTransform, number>> = { hour: 1, day: 24, month: 730, year: 8760 };

/** The parts of one environment's configuration and synthesized stack that the cost model reads. */
export interface CostSettings {
  readonly env: string;
  readonly region: string;
  readonly retentionDays: number;
  readonly retentionFrom: 'config' | 'default';
  readonly partitionSpec: readonly PartitionField[];
  readonly partitionSpecFrom: 'config' | 'default';
  readonly buffering: { readonly intervalSeconds: number; readonly sizeMiB: number };
  readonly maintenance: {
    readonly compactionTargetFileSizeMiB: number;
    readonly snapshotMaxAgeHours: number;
    readonly unreferencedDays: number;
    readonly nonCurrentDays: number;
  };
  readonly athena: { readonly bytesScannedCutoff: number; readonly resultsExpirationDays: number };
  readonly errorRetentionDays: number;
  readonly logRetentionDays: number;
  /** CloudWatch resources the synthesized stack itself creates. */
  readonly footprint: StackFootprint;
}

export interface StackFootprint {
  /** `aws_cloudwatch_metric_alarm` + `aws_cloudwatch_composite_alarm` resources. */
  readonly alarms: number;
  /**
   * What CloudWatch bills alarms by: one per metric alarm on a single metric, one per metric in a
   * metric math alarm's expression.
   */
  readonly alarmMetrics: number;
  /** Every `aws_cloudwatch_log_group`, with whether it is the Firehose delivery-error group. */
  readonly logGroups: readonly {
    readonly name: string;
    readonly retentionDays: number | null;
    readonly firehoseErrors: boolean;
  }[];
}

/** Hours of data per partition along `timestamp`, or `undefined` when the spec does not partition by time. */
export function timePartitionHours(spec: readonly PartitionField[]): number | undefined {
  const hours = spec.filter((f) => f.column === 'timestamp').map((f) => TIME_TRANSFORM_HOURS[f.transform]);
  const known = hours.filter((h): h is number => h !== undefined);
  return known.length ? Math.min(...known) : undefined;
}

/** Files one Firehose flush writes: one per bucket of every `bucket[N]` field (other fields: one). */
export function filesPerFlush(spec: readonly PartitionField[]): number {
  return spec.reduce((n, f) => n * (f.transform === 'bucket' ? (f.buckets as number) : 1), 1);
}

const TRANSFORM = /^(identity|year|month|day|hour|void)$|^(bucket|truncate)\[(\d+)\]$/;

/**
 * Reads `partitionSpec`: `[{ "column": "timestamp", "transform": "day" }, { "column": "level", "transform": "bucket[4]" }]`
 * (Iceberg transform names). `[]` means unpartitioned.
 */
export function parsePartitionSpec(value: unknown, field: string): PartitionField[] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array of { column, transform }', value);
  return value.map((f: unknown, i) => {
    const at = `${field}.${i}`;
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      throw new ValidationError(at, 'must be an object { column, transform }', f);
    const { column, transform } = f as Record<string, unknown>;
    if (typeof column !== 'string' || column.length === 0)
      throw new ValidationError(`${at}.column`, 'must be a column name', column);
    const m = typeof transform === 'string' ? TRANSFORM.exec(transform) : null;
    if (!m)
      throw new ValidationError(
        `${at}.transform`,
        'must be identity, year, month, day, hour, void, bucket[N] or truncate[W] (Iceberg partition transforms)',
        transform,
      );
    if (m[1]) return { column, transform: m[1] as PartitionTransform };
    const n = Number(m[3]);
    if (n < 1 || n > 100_000) throw new ValidationError(`${at}.transform`, 'N must be between 1 and 100000', transform);
    return m[2] === 'bucket' ? { column, transform: 'bucket', buckets: n } : { column, transform: 'truncate' };
  });
}

/**
 * The cost-relevant settings of one environment. The app section is validated by the app's own
 * schema; `retentionDays` and `partitionSpec` are read here by name, so estimates work with
 * configurations written before and after the table-lifecycle fields exist.
 */
export function readCostSettings(config: EnvironmentConfig): CostSettings {
  const at = `environments.${config.name}.apps.log-platform`;
  const raw = (config.apps['log-platform'] ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError(at, 'must be an object', raw);
  const { retentionDays, partitionSpec, ...rest } = raw;
  if (
    retentionDays !== undefined &&
    (!Number.isInteger(retentionDays) || (retentionDays as number) < 1 || (retentionDays as number) > 36_500)
  )
    throw new ValidationError(`${at}.retentionDays`, 'must be a whole number of days between 1 and 36500', retentionDays);
  const spec = partitionSpec === undefined ? undefined : parsePartitionSpec(partitionSpec, `${at}.partitionSpec`);
  const withoutLifecycle: EnvironmentConfig = { ...config, apps: { ...config.apps, 'log-platform': rest } };
  const cfg = readLogPlatformConfig(withoutLifecycle);
  return {
    env: config.name,
    region: config.region,
    retentionDays: (retentionDays as number | undefined) ?? DEFAULT_RETENTION_DAYS,
    retentionFrom: retentionDays === undefined ? 'default' : 'config',
    partitionSpec: spec ?? DEFAULT_PARTITION_SPEC,
    partitionSpecFrom: spec === undefined ? 'default' : 'config',
    buffering: cfg.buffering,
    maintenance: cfg.maintenance,
    athena: cfg.athena,
    errorRetentionDays: cfg.errorRetentionDays,
    logRetentionDays: cfg.logRetentionDays,
    footprint: stackFootprint(withoutLifecycle),
  };
}

/**
 * Synthesizes the environment's stack in memory (no files written) and counts the CloudWatch
 * alarms and log groups it creates, so the estimate follows the stack as it changes.
 */
export function stackFootprint(config: EnvironmentConfig): StackFootprint {
  const stack = new LogPlatformStack(Testing.app(), { config });
  const json = JSON.parse(Testing.synth(stack)) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const resources = json.resource ?? {};
  const count = (type: string) => Object.keys(resources[type] ?? {}).length;
  const errorGroupKey = stack.delivery.logGroup.logGroup.friendlyUniqueId;
  return {
    alarms: count('aws_cloudwatch_metric_alarm') + count('aws_cloudwatch_composite_alarm'),
    alarmMetrics: Object.values(resources['aws_cloudwatch_metric_alarm'] ?? {}).reduce((n, alarm) => {
      const queries = (alarm.metric_query ?? []) as { metric?: unknown }[];
      return n + Math.max(1, queries.filter((q) => q.metric).length);
    }, 0),
    logGroups: Object.entries(resources['aws_cloudwatch_log_group'] ?? {})
      .map(([key, g]) => ({
        name: String(g.name),
        retentionDays: typeof g.retention_in_days === 'number' ? g.retention_in_days : null,
        firehoseErrors: key === errorGroupKey,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The spec in Iceberg notation, e.g. `day(timestamp)`. */
export function describePartitionSpec(spec: readonly PartitionField[]): string {
  if (spec.length === 0) return 'unpartitioned';
  return spec.map((f) => `${f.transform === 'bucket' ? `bucket[${f.buckets}]` : f.transform}(${f.column})`).join(', ');
}
