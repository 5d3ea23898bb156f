import type { AthenaClient, GetQueryExecutionCommandOutput } from '@aws-sdk/client-athena';
import { BuiltQuery, LogQueryError } from '@aws-log-mcp/log-contract/queries';

/** Rows of a finished query, values as Athena's `VarCharValue` (null for SQL NULL). */
export interface QueryOutcome {
  readonly queryExecutionId: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** Athena's `Statistics.DataScannedInBytes` (what the query is billed for). */
  readonly dataScannedBytes?: number;
  readonly engineExecutionMs?: number;
}

/** Runs one query and returns at most `maxRows` rows; throws {@link LogQueryError}. */
export interface QueryRunner {
  run(query: BuiltQuery, maxRows: number): Promise<QueryOutcome>;
}

export interface AthenaQueryRunnerOptions {
  /** The log platform's workgroup: its settings (result location, cutoff) are enforced. */
  readonly workgroup: string;
  /** Overall budget for start + polling + results, in milliseconds. */
  readonly timeoutMs: number;
  /** First poll delay (default 200 ms), multiplied by 1.5 per poll up to `maxPollMs` (default 2000 ms). */
  readonly initialPollMs?: number;
  readonly maxPollMs?: number;
  /** A client to use (tests); by default one is created on first use with the SDK the runtime ships. */
  readonly client?: AthenaClient;
  readonly region?: string;
}

type AthenaSdk = typeof import('@aws-sdk/client-athena');
let sdk: Promise<AthenaSdk> | undefined;
// Loaded on the first log query: the Lambda runtime ships SDK v3 (the bundle keeps it external),
// and requests for the other tools should not pay for loading it. `require`, not `import()`:
// the runtime's SDK is found through NODE_PATH, which only CommonJS resolution consults.
const loadSdk = (): Promise<AthenaSdk> =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (sdk ??= Promise.resolve().then(() => require('@aws-sdk/client-athena') as AthenaSdk));

const MAX_REASON = 500;
const PAGE_SIZE = 1000;

/**
 * Athena through the AWS SDK: StartQueryExecution with execution parameters in the workgroup,
 * GetQueryExecution polled with backoff until a final state or the deadline (then the query is
 * stopped), GetQueryResults paged up to the row cap. `AWS_ENDPOINT_URL` (emulator) is honoured.
 */
export class AthenaQueryRunner implements QueryRunner {
  private client?: AthenaClient;

  constructor(private readonly options: AthenaQueryRunnerOptions) {
    this.client = options.client;
  }

  async run(query: BuiltQuery, maxRows: number): Promise<QueryOutcome> {
    const deadline = Date.now() + this.options.timeoutMs;
    const athena = await loadSdk();
    const client = (this.client ??= new athena.AthenaClient({
      ...(this.options.region ? { region: this.options.region } : {}),
      ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
    }));
    const call = async <T>(what: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LogQueryError('timeout', `${what} was not attempted: the query timeout had passed`);
      try {
        return await send(AbortSignal.timeout(remaining));
      } catch (error) {
        if (error instanceof LogQueryError) throw error;
        const e = error as { name?: string; message?: string };
        if (e.name === 'TimeoutError' || e.name === 'AbortError') {
          throw new LogQueryError('timeout', `Athena ${what} did not answer within the query timeout`);
        }
        throw new LogQueryError('aws', `Athena ${what} failed: ${e.name ?? 'Error'}: ${truncate(e.message ?? '')}`);
      }
    };

    const started = await call('StartQueryExecution', (abortSignal) =>
      client.send(
        new athena.StartQueryExecutionCommand({
          QueryString: query.sql,
          WorkGroup: this.options.workgroup,
          ...(query.parameters.length ? { ExecutionParameters: [...query.parameters] } : {}),
        }),
        { abortSignal },
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new LogQueryError('aws', 'Athena StartQueryExecution returned no QueryExecutionId');

    const execution = await this.waitForCompletion(athena, client, id, deadline, call);
    const stats = execution.QueryExecution?.Statistics;

    const columns: string[] = [];
    const rows: (string | null)[][] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const page = await call('GetQueryResults', (abortSignal) =>
        client.send(new athena.GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, NextToken: nextToken }), {
          abortSignal,
        }),
      );
      if (first) columns.push(...(page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? ''));
      let pageRows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
      // Athena repeats the column labels as the first row of a SELECT's first page.
      if (first && pageRows.length && columns.length && pageRows[0].every((v, i) => v === columns[i]))
        pageRows = pageRows.slice(1);
      rows.push(...pageRows);
      first = false;
      nextToken = page.NextToken;
    } while (nextToken && rows.length < maxRows);

    return {
      queryExecutionId: id,
      columns,
      rows: rows.slice(0, maxRows),
      ...(stats?.DataScannedInBytes !== undefined ? { dataScannedBytes: stats.DataScannedInBytes } : {}),
      ...(stats?.EngineExecutionTimeInMillis !== undefined ? { engineExecutionMs: stats.EngineExecutionTimeInMillis } : {}),
    };
  }

  private async waitForCompletion(
    athena: AthenaSdk,
    client: AthenaClient,
    id: string,
    deadline: number,
    call: <T>(what: string, send: (signal: AbortSignal) => Promise<T>) => Promise<T>,
  ): Promise<GetQueryExecutionCommandOutput> {
    let delay = this.options.initialPollMs ?? 200;
    const maxDelay = this.options.maxPollMs ?? 2000;
    for (;;) {
      let execution: GetQueryExecutionCommandOutput;
      try {
        execution = await call('GetQueryExecution', (abortSignal) =>
          client.send(new athena.GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal }),
        );
      } catch (error) {
        // A status call cut off by the deadline means the same to the caller as a query still running at it.
        if (error instanceof LogQueryError && error.kind === 'timeout') throw await this.cancelled(athena, client, id);
        throw error;
      }
      const final = interpretState(id, execution);
      if (final === 'succeeded') return execution;
      const remaining = deadline - Date.now();
      if (remaining <= delay) throw await this.cancelled(athena, client, id);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(Math.ceil(delay * 1.5), maxDelay);
    }
  }

  /** Stops the query and returns the error the caller sees: the query id, the timeout and what to change. */
  private async cancelled(athena: AthenaSdk, client: AthenaClient, id: string): Promise<LogQueryError> {
    await this.stop(athena, client, id);
    return new LogQueryError(
      'timeout',
      `Athena query ${id} did not finish within ${Math.round(this.options.timeoutMs / 1000)} s and was cancelled; narrow the time window or add filters`,
    );
  }

  /** Best effort: a query left running keeps scanning (and billing) after the caller gave up. */
  private async stop(athena: AthenaSdk, client: AthenaClient, id: string): Promise<void> {
    try {
      await client.send(new athena.StopQueryExecutionCommand({ QueryExecutionId: id }), {
        abortSignal: AbortSignal.timeout(2000),
      });
    } catch {
      // the timeout error is what the caller needs to see
    }
  }
}

/**
 * `succeeded`, `pending` (QUEUED/RUNNING), or a {@link LogQueryError} for FAILED and CANCELLED
 * carrying Athena's reason (e.g. the workgroup's bytes-scanned cutoff).
 */
export function interpretState(id: string, execution: GetQueryExecutionCommandOutput): 'succeeded' | 'pending' {
  const status = execution.QueryExecution?.Status;
  switch (status?.State) {
    case 'SUCCEEDED':
      return 'succeeded';
    case 'QUEUED':
    case 'RUNNING':
    case undefined:
      return 'pending';
    case 'CANCELLED':
      throw new LogQueryError('cancelled', `Athena query ${id} was cancelled${reason(status?.StateChangeReason)}`);
    default: {
      throw new LogQueryError(
        'failed',
        `Athena query ${id} failed${reason(status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage)}`,
      );
    }
  }
}

const reason = (text: string | undefined) => (text ? `: ${truncate(text)}` : '');
const truncate = (text: string) => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text);
