import { expectOneLineBash, FakeBin, FakeResponse } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import { AWS_CLI_STEP_TOOLS, awsCliStep, AwsErrorRule, errorRulesTable, RULES_PREFIX, TRANSIENT_AWS_ERRORS } from '../../src';

/** A step exercising the mechanism: one call through lx_retrying, reporting how it ended. */
const STEP = awsCliStep({
  step: 'demo-step',
  rules: [
    { code: 'InvalidInputException', message: 'not yet', outcome: 'retry', why: 'propagation' },
    { code: 'InvalidInputException', message: 'already', outcome: 'done', why: 'the goal holds' },
    { code: 'EntityNotFoundException', outcome: 'check', why: 'ambiguous' },
  ],
  check: ['if lx_call demo probe; then', '  echo done', 'else', '  echo fatal', 'fi'],
  script: [
    'if lx_retrying demo act --value "$DEMO_VALUE"; then',
    '  printf "ok %s" "$out"; echo',
    '  exit 0',
    'fi',
    'printf "end outcome=%s code=%s attempts=%s" "$outcome" "$code" "$attempt"; echo',
    'exit 3',
  ],
  retry: { maxAttempts: 4, initialDelaySeconds: 1, maxDelaySeconds: 3 },
});

const awsError = (code: string, message = 'something', exitCode = 254): FakeResponse => ({
  exitCode,
  stderr: `\nAn error occurred (${code}) when calling the Act operation: ${message}\n`,
});

function run(fake: FakeBin, env: Record<string, string> = {}, pathOverride?: string) {
  return spawnSync('bash', ['-c', STEP.command], {
    env: {
      ...process.env,
      ...fake.env,
      ...STEP.environment,
      LX_REGION: 'eu-west-1',
      LX_ENDPOINT_URL: '',
      DEMO_VALUE: 'v',
      ...(pathOverride ? { PATH: pathOverride } : {}),
      ...env,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

describe('awsCliStep: required tools', () => {
  it.each(['aws', 'jq', 'grep', 'mktemp'])('fails with exit 127 and calls nothing when %s is missing', (tool) => {
    const fake = new FakeBin();
    const r = run(fake, {}, fake.pathWithout(tool));
    expect(r.stderr).toContain(`demo-step: this step needs ${tool} on PATH and cannot run without it; nothing was changed`);
    expect(r.status).toBe(127);
    expect(fake.calls()).toEqual([]);
  });
});

describe('awsCliStep: classification by error code', () => {
  it('succeeds at once and hands over stdout', () => {
    const fake = new FakeBin([{ stdout: '{"x":1}' }]);
    const r = run(fake);
    expect(r.stdout).toBe('ok {"x":1}\n');
    expect(r.status).toBe(0);
    expect(fake.calls()[0].argv).toEqual(['--region', 'eu-west-1', '--output', 'json', 'demo', 'act', '--value', 'v']);
  });

  it.each(TRANSIENT_AWS_ERRORS.map((r) => r.code))('retries %s with backoff, then succeeds', (code) => {
    const fake = new FakeBin([awsError(code), awsError(code), {}]);
    const r = run(fake);
    expect(r.status).toBe(0);
    expect(fake.calls()).toHaveLength(3);
    expect(fake.sleeps()).toEqual([1, 2]);
    expect(r.stderr).toContain(`demo-step: attempt 1 failed with ${code}, which a later attempt can get past`);
  });

  it('matches a rule message case-insensitively, and only that rule', () => {
    const fake = new FakeBin([awsError('InvalidInputException', 'Principal NOT YET visible'), {}]);
    expect(run(fake).status).toBe(0);
    const other = new FakeBin([awsError('InvalidInputException', 'Bad table name')]);
    const r = run(other);
    expect(r.stdout).toBe('end outcome=fatal code=InvalidInputException attempts=1\n');
    expect(other.calls()).toHaveLength(1);
  });

  it('gives up after maxAttempts of retryable errors with outcome exhausted', () => {
    const throttled = awsError('ThrottlingException', 'Rate exceeded');
    const fake = new FakeBin([throttled, throttled, throttled, throttled, throttled]);
    const r = run(fake);
    expect(r.stdout).toBe('end outcome=exhausted code=ThrottlingException attempts=4\n');
    expect(fake.calls()).toHaveLength(4);
    expect(fake.sleeps()).toEqual([1, 2, 3]);
  });

  it.each([
    ['an unlisted code', awsError('AccessDeniedException', 'User is not authorized')],
    ['a code that merely contains a listed one', awsError('NotThrottlingException')],
    [
      'no credentials (no error code)',
      { exitCode: 253, stderr: 'Unable to locate credentials. You can configure credentials by running "aws configure".' },
    ],
    [
      'no connection (no error code)',
      { exitCode: 255, stderr: 'Could not connect to the endpoint URL: "https://lakeformation.eu-west-1.amazonaws.com/"' },
    ],
    ['a message that only mentions a retryable code', { exitCode: 255, stderr: 'ThrottlingException was mentioned in passing' }],
  ])('fails at once on %s, without sleeping', (_label, response) => {
    const fake = new FakeBin([response]);
    const r = run(fake);
    expect(r.stdout).toMatch(/^end outcome=fatal /);
    expect(r.status).toBe(3);
    expect(fake.calls()).toHaveLength(1);
    expect(fake.sleeps()).toEqual([]);
  });

  it('reports done when a rule says the goal already holds', () => {
    const fake = new FakeBin([awsError('InvalidInputException', 'it is already so')]);
    expect(run(fake).stdout).toBe('end outcome=done code=InvalidInputException attempts=1\n');
  });

  it.each([
    ['done', {}, 'end outcome=done code=EntityNotFoundException attempts=1\n'],
    ['fatal', awsError('AccessDeniedException'), 'end outcome=fatal code=EntityNotFoundException attempts=1\n'],
  ])('lets the step decide a check outcome (%s), keeping the original error', (_label, probe, expected) => {
    const fake = new FakeBin([awsError('EntityNotFoundException'), probe as FakeResponse]);
    const r = run(fake);
    expect(r.stdout).toBe(expected);
    expect(fake.calls().map((c) => c.argv.slice(4, 6))).toEqual([
      ['demo', 'act'],
      ['demo', 'probe'],
    ]);
  });
});

describe('awsCliStep: construction', () => {
  it('is one line of valid bash without backslashes or template sequences', () => {
    expectOneLineBash(STEP.command);
    expect(STEP.command).not.toMatch(/\$\{|%\{/);
  });

  it('carries its rules, then the transient ones, as JSON in the environment', () => {
    expect(STEP.environment.LX_RULES.startsWith(RULES_PREFIX)).toBe(true);
    const rules = JSON.parse(STEP.environment.LX_RULES.slice(RULES_PREFIX.length)) as AwsErrorRule[];
    expect(rules.slice(0, 3).map((r) => r.outcome)).toEqual(['retry', 'done', 'check']);
    expect(rules.slice(3).map((r) => r.code)).toEqual(TRANSIENT_AWS_ERRORS.map((r) => r.code));
    expect(STEP.environment.LX_TOOLS).toBe(AWS_CLI_STEP_TOOLS.join(' '));
  });

  it('refuses a rule message with a backslash and a check rule without a check function', () => {
    expect(() =>
      awsCliStep({ step: 's', rules: [{ code: 'X', message: 'a\\d', outcome: 'retry', why: 'w' }], script: [] }),
    ).toThrow('[localExec.rules] s: rule messages must not contain a backslash');
    expect(() => awsCliStep({ step: 's', rules: [{ code: 'X', outcome: 'check', why: 'w' }], script: [] })).toThrow(
      'needs a check function',
    );
  });

  it('renders a classification table for the README', () => {
    const table = errorRulesTable([{ code: 'X', message: 'a|b', outcome: 'done', why: 'because' }]);
    expect(table.split('\n').slice(0, 3)).toEqual([
      '| error code | message matches | outcome | why |',
      '| --- | --- | --- | --- |',
      '| `X` | `a\\|b` | done | because |',
    ]);
    expect(table.split('\n')).toHaveLength(3 + TRANSIENT_AWS_ERRORS.length);
  });
});
