import type { AthenaClient, GetQueryExecutionCommandOutput } from '@aws-sdk/client-athena';
import { AthenaQueryRunner, interpretState } from '../../../src/lambda/logs/athena-client';
import { LogQueryError } from '@aws-log-mcp/log-contract';

// moto only moves executions QUEUED -> RUNNING -> SUCCEEDED (or CANCELLED when stopped), so the
// FAILED answers Athena gives are checked here on the response shape the SDK returns.
const execution = (Status: Record<string, unknown> | undefined) =>
  ({ $metadata: {}, QueryExecution: { QueryExecutionId: 'q', Status } }) as GetQueryExecutionCommandOutput;

function error(status: Record<string, unknown>): LogQueryError {
  try {
    interpretState('q-1', execution(status));
  } catch (e) {
    return e as LogQueryError;
  }
  throw new Error('expected a LogQueryError');
}

describe('interpretState', () => {
  it.each(['QUEUED', 'RUNNING', undefined])('%s is still pending', (State) => {
    expect(interpretState('q', execution(State ? { State } : undefined))).toBe('pending');
  });

  it('SUCCEEDED is done', () => {
    expect(interpretState('q', execution({ State: 'SUCCEEDED' }))).toBe('succeeded');
  });

  it('FAILED carries Athena reason, e.g. the workgroup bytes-scanned cutoff', () => {
    const e = error({
      State: 'FAILED',
      StateChangeReason: 'Query exhausted resources at this scale factor',
      AthenaError: { ErrorCategory: 2, ErrorType: 1001, ErrorMessage: 'ignored when a reason is given' },
    });
    expect(e).toBeInstanceOf(LogQueryError);
    expect(e.kind).toBe('failed');
    expect(e.message).toBe('Athena query q-1 failed: Query exhausted resources at this scale factor');
  });

  it('FAILED without a reason falls back to the AthenaError message, and long reasons are cut', () => {
    expect(error({ State: 'FAILED', AthenaError: { ErrorMessage: 'TABLE_NOT_FOUND' } }).message).toBe(
      'Athena query q-1 failed: TABLE_NOT_FOUND',
    );
    expect(error({ State: 'FAILED' }).message).toBe('Athena query q-1 failed');
    const long = error({ State: 'FAILED', StateChangeReason: 'x'.repeat(2000) }).message;
    expect(long).toBe(`Athena query q-1 failed: ${'x'.repeat(500)}…`);
  });

  it('CANCELLED is a cancelled error', () => {
    const e = error({ State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' });
    expect([e.kind, e.message]).toEqual(['cancelled', 'Athena query q-1 was cancelled: Query cancelled by user']);
  });
});

describe('AthenaQueryRunner when a status call outlives the deadline', () => {
  // moto answers every call at once, so an Athena API that stalls (a loaded endpoint, a network
  // stall) is a stand-in client here: GetQueryExecution never answers until the abort signal fires.
  it('stops the query and reports it as not finished in time, with its id', async () => {
    const sent: string[] = [];
    const client = {
      send: (command: { constructor: { name: string } }, options: { abortSignal: AbortSignal }) => {
        const name = command.constructor.name;
        sent.push(name);
        if (name === 'StartQueryExecutionCommand') return Promise.resolve({ QueryExecutionId: 'q-stalled' });
        if (name === 'StopQueryExecutionCommand') return Promise.resolve({});
        return new Promise((_resolve, reject) =>
          options.abortSignal.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          ),
        );
      },
    } as unknown as AthenaClient;
    const runner = new AthenaQueryRunner({ workgroup: 'wg', timeoutMs: 1000, client, initialPollMs: 10 });
    const error = await runner.run({ sql: 'SELECT 1', parameters: [] }, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogQueryError);
    expect([(error as LogQueryError).kind, (error as LogQueryError).message]).toEqual([
      'timeout',
      'Athena query q-stalled did not finish within 1 s and was cancelled; narrow the time window or add filters',
    ]);
    expect(sent).toEqual(['StartQueryExecutionCommand', 'GetQueryExecutionCommand', 'StopQueryExecutionCommand']);
  });
});
