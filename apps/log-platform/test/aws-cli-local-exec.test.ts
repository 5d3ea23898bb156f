import { spawnSync } from 'node:child_process';
import { bashLocalExec, oneLine, retryEnvironment, triggerEnvironment } from '../src/aws-cli-local-exec';
import { GRANT_COMMAND, REVOKE_COMMAND } from '../src/lake-formation-table-grant';
import { DELETE_CATALOG_COMMAND, ENSURE_CATALOG_COMMAND } from '../src/s3-tables-analytics-integration';

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

  test('oneLine joins statements with ; and compound openers with a space', () => {
    expect(oneLine(['if x; then', '  a', 'else', '  b', 'fi', 'f() {', '  c', '}', 'while :; do', 'd', 'done'])).toBe(
      'if x; then a; else b; fi; f() { c; }; while :; do d; done',
    );
  });

  test.each([
    ['grant', GRANT_COMMAND],
    ['revoke', REVOKE_COMMAND],
    ['ensure catalog', ENSURE_CATALOG_COMMAND],
    ['delete catalog', DELETE_CATALOG_COMMAND],
  ])('the %s command is one line of valid bash', (_label, command) => {
    expect(command).not.toContain('\n');
    const r = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
