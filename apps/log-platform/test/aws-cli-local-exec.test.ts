import { bashLocalExec, retryEnvironment, triggerEnvironment } from '../src/aws-cli-local-exec';

describe('local-exec helpers', () => {
  test('trigger references are the only dynamic environment values', () => {
    expect(triggerEnvironment({ LP_REGION: 'region' })).toEqual({ LP_REGION: '${self.triggers.region}' });
  });

  test('retry settings are validated and become constants', () => {
    expect(retryEnvironment({ maxAttempts: 3, initialDelaySeconds: 0, maxDelaySeconds: 10 })).toMatchObject({
      LP_RETRY_MAX_ATTEMPTS: '3',
      LP_RETRY_INITIAL_DELAY: '0',
      LP_RETRY_MAX_DELAY: '10',
    });
    expect(() => retryEnvironment({ initialDelaySeconds: 1.5 }, 'g.retry')).toThrow(
      'g.retry.initialDelaySeconds: [localExec.retry]',
    );
  });

  test('commands with Terraform template sequences are refused', () => {
    expect(() => bashLocalExec('echo ${x}', {})).toThrow(/template sequences/);
    expect(() => bashLocalExec('echo %{ if x }', {})).toThrow(/template sequences/);
    expect(bashLocalExec('echo "$X"', {}, 'destroy')).toEqual({
      type: 'local-exec',
      command: 'echo "$X"',
      interpreter: ['bash', '-c'],
      environment: {},
      when: 'destroy',
    });
  });
});
