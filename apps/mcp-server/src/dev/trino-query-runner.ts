import type { QueryOutcome, QueryRunner } from '../lambda/logs/athena-client';
import { BuiltQuery, LogQueryError } from '@aws-log-mcp/log-contract/queries';

/** What the runner needs of an engine: Athena's request in, Trino's typed result out (the Iceberg testbed's `TableBucket`). */
export interface AthenaCompatibleEngine {
  runAthenaQuery(
    queryString: string,
    executionParameters: readonly string[],
  ): Promise<{
    readonly queryId: string;
    readonly columns: readonly { readonly name: string }[];
    readonly values: readonly (readonly unknown[])[];
    readonly stats?: { readonly physicalInputBytes?: number; readonly elapsedTimeMillis?: number };
  }>;
}

/**
 * The log tools' {@link QueryRunner} on a local Trino (the Iceberg testbed) instead of Athena, for
 * the dev server: the same SQL and execution parameters, answered as Athena's `GetQueryResults`
 * would (every value as text, NULL as null), so the tools shape rows exactly as in Lambda.
 * `dataScannedBytes` is the bytes Trino read from storage.
 */
export class TrinoQueryRunner implements QueryRunner {
  constructor(private readonly engine: AthenaCompatibleEngine) {}

  async run(query: BuiltQuery, maxRows: number): Promise<QueryOutcome> {
    let result: Awaited<ReturnType<AthenaCompatibleEngine['runAthenaQuery']>>;
    try {
      result = await this.engine.runAthenaQuery(query.sql, query.parameters);
    } catch (error) {
      const e = error as Error;
      throw new LogQueryError('failed', `Trino query failed: ${e.name}: ${e.message}`);
    }
    return {
      queryExecutionId: result.queryId,
      columns: result.columns.map((c) => c.name),
      rows: result.values.slice(0, maxRows).map((row) => row.map(athenaText)),
      ...(result.stats?.physicalInputBytes !== undefined ? { dataScannedBytes: result.stats.physicalInputBytes } : {}),
      ...(result.stats?.elapsedTimeMillis !== undefined ? { engineExecutionMs: result.stats.elapsedTimeMillis } : {}),
    };
  }
}

/** A value as Athena's `VarCharValue`: text for every type, null for SQL NULL. */
export function athenaText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
