import { ROLE_COLUMNS } from '../column-types';
import { quoteIdentifier } from './identifiers';

/** Days of logs the table keeps unless configured otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Bounds of `retentionDays` (100 years at most). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36_500;

function assertRetentionDays(days: number): void {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS)
    throw new RangeError(
      `[retention.days] retention is a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} (got ${JSON.stringify(days)})`,
    );
}

/**
 * The retention cut-off as SQL: midnight UTC `days` days before the current UTC day, as a
 * `timestamp` (no time zone, like the column). `current_timestamp AT TIME ZONE 'UTC'` makes it UTC
 * whatever the session zone is, and comparing the column with a plain `timestamp` keeps the
 * predicate on the column itself, so the engine prunes by partition and file statistics.
 */
export function retentionCutoffSql(days: number): string {
  assertRetentionDays(days);
  return `date_trunc('day', CAST(current_timestamp AT TIME ZONE 'UTC' AS timestamp)) - INTERVAL '${days}' DAY`;
}

/**
 * The statement that enforces retention: deletes every row whose `timestamp` is before the
 * cut-off (midnight UTC, `days` full days before the current UTC day; rows of today and of the
 * `days` days before it stay, so the table keeps between `days` and `days` + 1 days). The cut-off
 * falls on a day boundary, so on a `day`/`hour`-partitioned table it removes whole partitions.
 * Rows with a NULL `timestamp` are kept (the Fluent Bit filter always sets one). One statement,
 * no trailing `;` (Athena's StartQueryExecution). `tableReference` is `athenaTableReference(...)`.
 * @throws RangeError when `days` is not a whole number from 1 to 36500
 */
export function retentionDeleteStatement(tableReference: string, days: number): string {
  return [`DELETE FROM ${tableReference}`, `WHERE ${quoteIdentifier(ROLE_COLUMNS.timestamp)} < ${retentionCutoffSql(days)}`].join(
    '\n',
  );
}
