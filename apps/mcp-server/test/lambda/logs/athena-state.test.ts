import type { GetQueryExecutionCommandOutput } from '@aws-sdk/client-athena';
import { interpretState } from '../../../src/lambda/logs/athena-client';
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
