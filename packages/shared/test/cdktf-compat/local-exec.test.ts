import { expectOneLineBash, synthHcl } from '@aws-log-mcp/testing';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import {
  bashLocalExec,
  GRANT_STEP,
  oneLine,
  parseHcl,
  retryEnvironment,
  REVOKE_STEP,
  setAddress,
  triggerEnvironment,
} from '../../src';
import { testStack } from '../helpers';

/** The HCL of a null_resource running `command`. */
function render(command: string): string {
  return synthHcl(() => {
    const stack = testStack();
    stack.useNullProvider();
    setAddress(
      new NullResource(stack, 'step', {
        provisioners: [{ type: 'local-exec', command, interpreter: ['bash', '-c'], environment: { X: 'y' } }],
      }),
      'step',
    );
    return stack;
  });
}

describe('one-line local-exec commands', () => {
  it('the bug: a multi-line command in a provisioner renders as HCL that does not parse', async () => {
    await expect(parseHcl(render('if true; then\n  echo "a"\nfi'))).rejects.toBeDefined();
  });

  it('the workaround: the same script joined by oneLine parses and keeps its bytes', async () => {
    const command = oneLine(['if true; then', '  echo "a"', 'fi']);
    const parsed = await parseHcl(render(command));
    expect(parsed.resource.null_resource.step[0].provisioner['local-exec'][0].command).toBe('if true; then echo "a"; fi');
  });
});

describe('local-exec helpers', () => {
  test('trigger references are the only dynamic environment values', () => {
    expect(triggerEnvironment({ LX_REGION: 'region' })).toEqual({ LX_REGION: '${self.triggers.region}' });
  });

  test('retry settings are validated and become constants', () => {
    expect(retryEnvironment({ maxAttempts: 3, initialDelaySeconds: 0, maxDelaySeconds: 10 })).toMatchObject({
      LX_RETRY_MAX_ATTEMPTS: '3',
      LX_RETRY_INITIAL_DELAY: '0',
      LX_RETRY_MAX_DELAY: '10',
    });
    expect(() => retryEnvironment({ initialDelaySeconds: 1.5 }, 'g.retry')).toThrow(
      'g.retry.initialDelaySeconds: [localExec.retry]',
    );
  });

  test('the bug: an environment value starting with [, { or " is written to HCL as an expression', async () => {
    const hcl = synthHcl(() => {
      const stack = testStack();
      stack.useNullProvider();
      setAddress(
        new NullResource(stack, 'step', {
          provisioners: [{ type: 'local-exec', command: 'true', interpreter: ['bash', '-c'], environment: { J: '[{"a":1}]' } }],
        }),
        'step',
      );
      return stack;
    });
    const parsed = await parseHcl(hcl);
    expect(parsed.resource.null_resource.step[0].provisioner['local-exec'][0].environment.J).not.toBe('[{"a":1}]');
  });

  test.each(['[1]', '{"a":1}', '"q"'])('the workaround: bashLocalExec refuses the environment value %s', (value) => {
    expect(() => bashLocalExec('true', { V: value })).toThrow('local-exec environment V must not start with [, { or "');
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
    ['grant', GRANT_STEP.command],
    ['revoke', REVOKE_STEP.command],
  ])('the %s command is one line of valid bash without backslashes', (_label, command) => {
    expectOneLineBash(command);
  });
});
