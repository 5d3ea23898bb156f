import { errorRulesTable } from '@aws-log-mcp/shared';
import { testEnvironment, testStack } from '@aws-log-mcp/shared/testing';
import { expectOneLineBash, FakeBin, FakeResponse, NullResourceJson, runProvisioner, Template } from '@aws-log-mcp/testing';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  CIMD_APPLY_ERROR_RULES,
  CIMD_APPLY_STEP,
  CIMD_DELETE_ERROR_RULES,
  CIMD_DELETE_STEP,
  CimdPolicy,
  CimdPolicyProps,
} from '../../src/infra/cimd-policy';

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>>; provider: Record<string, unknown> };

const POOL = 'eu-west-1_AbC123';
const CLIENT = '5vd0vu8hq1k1hjnp2mrdeq3kcs';
const PATTERNS = ['https://claude.ai/oauth/*', 'https://vscode.dev/oauth/client-metadata.json'];

function synth(props: Partial<CimdPolicyProps> = {}, emulatorEndpoint?: string): Synth {
  const stack = testStack(testEnvironment(emulatorEndpoint ? { emulatorEndpoint } : {}));
  new CimdPolicy(stack, 'cimd', {
    userPoolId: POOL,
    clientId: CLIENT,
    policyName: 'mcp-clients',
    urlPatterns: PATTERNS,
    retry: { initialDelaySeconds: 2, maxAttempts: 4, maxDelaySeconds: 5 },
    ...props,
  });
  return Template.synth(stack).json as Synth;
}

function nullResource(s: Synth): NullResourceJson {
  const all = Object.values(s.resource.null_resource ?? {});
  expect(all).toHaveLength(1);
  return all[0] as unknown as NullResourceJson;
}

function arg(argv: string[], flag: string): string {
  const i = argv.indexOf(flag);
  expect(i).toBeGreaterThanOrEqual(0);
  return argv[i + 1];
}

const policies = (...p: { id: string; name: string }[]): FakeResponse => ({
  stdout: JSON.stringify({ CIMDPolicies: p.map((x) => ({ CIMDPolicyId: x.id, PolicyName: x.name, ClientId: CLIENT })) }),
});
const described = (policy: Record<string, unknown>): FakeResponse => ({
  stdout: JSON.stringify({
    CIMDPolicy: {
      UserPoolId: POOL,
      CIMDPolicyId: 'p1',
      PolicyName: 'mcp-clients',
      ClientId: CLIENT,
      URLPatterns: PATTERNS,
      CacheDuration: 86400,
      ...policy,
    },
  }),
});
const ops = (fake: FakeBin) => fake.calls().map((c) => c.argv[5]);
/** A failed call as the AWS CLI reports it: exit 254 and `An error occurred (<Code>) when calling the <Op> operation: …`. */
const cognitoError = (code: string, operation: string, message: string): FakeResponse => ({
  exitCode: 254,
  stderr: `\nAn error occurred (${code}) when calling the ${operation} operation: ${message}\n`,
});

describe('CimdPolicy (local-exec)', () => {
  test('triggers carry every value that must re-apply the policy; the commands carry none', () => {
    const r = nullResource(synth());
    expect(r.triggers).toEqual({
      user_pool_id: POOL,
      client_id: CLIENT,
      policy_name: 'mcp-clients',
      url_patterns: JSON.stringify(PATTERNS),
      cache_duration: '86400',
      region: 'eu-west-1',
      endpoint_url: '',
    });
    expect((r as unknown as { lifecycle: unknown }).lifecycle).toEqual({ create_before_destroy: true });
    const [create, destroy] = r.provisioner.map((p) => p['local-exec']);
    expect(create.when).toBeUndefined();
    expect(destroy.when).toBe('destroy');
    for (const p of [create, destroy]) {
      expectOneLineBash(p.command);
      expect(p.command).not.toMatch(/\$\{|%\{/);
      // (86400, the cache duration, is also Cognito's documented default, which the destroy step compares with.)
      for (const [k, v] of Object.entries(r.triggers)) if (v && k !== 'cache_duration') expect(p.command).not.toContain(v);
      expect(p.environment).toMatchObject({
        LP_USER_POOL_ID: '${self.triggers.user_pool_id}',
        LP_CLIENT_ID: '${self.triggers.client_id}',
        LP_POLICY_NAME: '${self.triggers.policy_name}',
        LP_URL_PATTERNS: '${self.triggers.url_patterns}',
        LP_CACHE_DURATION: '${self.triggers.cache_duration}',
        LX_REGION: '${self.triggers.region}',
        LX_ENDPOINT_URL: '${self.triggers.endpoint_url}',
        LX_STEP: 'cimd-policy',
        LX_RETRY_MAX_ATTEMPTS: '4',
      });
    }
    expect(create.command).toBe(CIMD_APPLY_STEP.command);
    expect(destroy.command).toBe(CIMD_DELETE_STEP.command);
    expect(create.environment.LX_RULES).toBe(CIMD_APPLY_STEP.environment.LX_RULES);
    expect(destroy.environment.LX_RULES).toBe(CIMD_DELETE_STEP.environment.LX_RULES);
  });

  test('creates the policy when none has its name, with the exact arguments', () => {
    const fake = new FakeBin([policies({ id: 'other1', name: 'someone-else' }), { stdout: '{}' }]);
    const r = runProvisioner(nullResource(synth({ cacheDurationSeconds: 604800 })), 'create', fake);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fake.calls().map((c) => c.argv)).toEqual([
      ['--region', 'eu-west-1', '--output', 'json', 'cognito-idp', 'list-cimd-policies', '--user-pool-id', POOL],
      [
        '--region',
        'eu-west-1',
        '--output',
        'json',
        'cognito-idp',
        'create-cimd-policy',
        '--user-pool-id',
        POOL,
        '--client-id',
        CLIENT,
        '--policy-name',
        'mcp-clients',
        '--cache-duration',
        '604800',
        '--url-patterns',
        JSON.stringify(PATTERNS),
      ],
    ]);
    expect(r.stdout).toContain('cimd-policy: created mcp-clients');
  });

  test('is idempotent: an existing policy of that name is updated in place', () => {
    const fake = new FakeBin([policies({ id: 'abc123', name: 'mcp-clients' }), { stdout: '{}' }]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(0);
    const [, update] = fake.calls();
    expect(update.argv.slice(4, 6)).toEqual(['cognito-idp', 'update-cimd-policy']);
    expect(arg(update.argv, '--cimd-policy-id')).toBe('abc123');
    expect(arg(update.argv, '--client-id')).toBe(CLIENT);
    expect(JSON.parse(arg(update.argv, '--url-patterns'))).toEqual(PATTERNS);
    expect(r.stdout).toContain('updated mcp-clients (abc123)');
  });

  test('retries while the new app client propagates, then creates', () => {
    const notYet = cognitoError('ResourceNotFoundException', 'CreateCIMDPolicy', 'Client does not exist.');
    const fake = new FakeBin([policies(), notYet, notYet, {}]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(0);
    expect(fake.calls().map((c) => c.exitCode)).toEqual([0, 254, 254, 0]);
    expect(fake.sleeps()).toEqual([2, 4]);
  });

  test('says which AWS CLI it needs when the installed one has no CIMD commands', () => {
    const tooOld = {
      exitCode: 252,
      stderr:
        'aws: error: argument operation: Invalid choice, valid choices are:\n\nadd-custom-attributes | admin-add-user-to-group',
    };
    const fake = new FakeBin([tooOld]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(1);
    expect(r.stderr).toContain('this AWS CLI has no cognito-idp CIMD commands');
    expect(r.stderr).toContain('1.44.7');
  });

  test('fails at once on an error retrying cannot fix, naming the permission', () => {
    const denied = cognitoError(
      'AccessDeniedException',
      'CreateCIMDPolicy',
      'not authorized to perform: cognito-idp:CreateCIMDPolicy',
    );
    const fake = new FakeBin([policies(), denied]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(2);
    expect(r.stderr).toContain('create-cimd-policy failed (fatal after 1 attempt(s))');
    expect(r.stderr).toContain('cognito-idp:CreateCIMDPolicy');
  });

  test.each([
    ['quotes', `it's "quoted"`],
    ['$ and command substitution', '$HOME $(touch /tmp/pwned-cimd) `touch /tmp/pwned-cimd`'],
    ['newlines and semicolons', 'a\nb; rm -rf / #'],
    ['json breakers', '"},{"x":1} \\'],
  ])('hostile values (%s) reach aws as data, byte for byte', (_label, hostile) => {
    rmSync('/tmp/pwned-cimd', { force: true });
    const resource = nullResource(synth());
    // Names and patterns the config schema accepts can hold $ ' ( ) ; and spaces (Cognito's own
    // patterns allow them); the test also feeds what it refuses, as Terraform would hand it over.
    const patterns = [`https://x.example/${hostile}`, "https://x.example/$(id);'"];
    resource.triggers = {
      ...resource.triggers,
      policy_name: hostile,
      client_id: hostile,
      url_patterns: JSON.stringify(patterns),
    };
    const fake = new FakeBin([policies({ id: 'p9', name: hostile }), {}]);
    const r = runProvisioner(resource, 'create', fake);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [list, update] = fake.calls();
    expect(list.argv).toHaveLength(8);
    expect(arg(update.argv, '--policy-name')).toBe(hostile);
    expect(arg(update.argv, '--client-id')).toBe(hostile);
    expect(JSON.parse(arg(update.argv, '--url-patterns'))).toEqual(patterns);
    expect(update.argv).toHaveLength(18);
    expect(existsSync('/tmp/pwned-cimd')).toBe(false);
  });

  test('refuses URL patterns that are not a JSON array of strings before calling aws', () => {
    const resource = nullResource(synth());
    for (const bad of ['{"a":1}', '[]', '[1]', 'not json', '"https://x"']) {
      const fake = new FakeBin();
      const r = runProvisioner({ ...resource, triggers: { ...resource.triggers, url_patterns: bad } }, 'create', fake);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('the URL patterns are not a JSON array of strings');
      expect(fake.calls()).toEqual([]);
    }
  });

  test('passes --endpoint-url only in emulator mode', () => {
    const fake = new FakeBin([policies(), {}]);
    runProvisioner(nullResource(synth({}, 'http://127.0.0.1:5000')), 'create', fake);
    expect(fake.calls()[0].argv.slice(0, 2)).toEqual(['--endpoint-url', 'http://127.0.0.1:5000']);
  });

  test('destroy deletes the policy it still owns', () => {
    const fake = new FakeBin([policies({ id: 'p1', name: 'mcp-clients' }), described({}), {}]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(ops(fake)).toEqual(['list-cimd-policies', 'describe-cimd-policy', 'delete-cimd-policy']);
    expect(arg(fake.calls()[2].argv, '--cimd-policy-id')).toBe('p1');
    expect(r.stdout).toContain('deleted mcp-clients (p1)');
  });

  test.each([
    ['patterns', { URLPatterns: ['https://new.example/*'] }],
    ['app client', { ClientId: 'newclient' }],
    ['cache duration', { CacheDuration: 172800 }],
  ])('destroy keeps a policy a newer configuration updated (%s changed)', (_what, change) => {
    const fake = new FakeBin([policies({ id: 'p1', name: 'mcp-clients' }), described(change)]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(ops(fake)).toEqual(['list-cimd-policies', 'describe-cimd-policy']);
    expect(r.stdout).toContain('kept mcp-clients (p1)');
  });

  test('destroy is done when the policy or the pool is already gone', () => {
    const none = new FakeBin([policies({ id: 'x', name: 'other' })]);
    expect(runProvisioner(nullResource(synth()), 'destroy', none).stdout).toContain('already gone');
    expect(ops(none)).toEqual(['list-cimd-policies']);
    const poolGone = new FakeBin([
      cognitoError('ResourceNotFoundException', 'ListCIMDPolicies', 'User pool eu-west-1_AbC123 does not exist.'),
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', poolGone);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('already gone');
    const raced = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      described({}),
      cognitoError('ResourceNotFoundException', 'DeleteCIMDPolicy', 'CIMD policy not found.'),
    ]);
    expect(runProvisioner(nullResource(synth()), 'destroy', raced).status).toBe(0);
    expect(ops(raced)).toEqual(['list-cimd-policies', 'describe-cimd-policy', 'delete-cimd-policy']);
  });

  test('destroy fails loudly on other errors', () => {
    const fake = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      described({}),
      cognitoError('AccessDeniedException', 'DeleteCIMDPolicy', 'nope'),
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(3);
    expect(r.stderr).toContain('delete-cimd-policy failed (fatal after 1 attempt(s)) for mcp-clients');
  });

  test.each(['create', 'destroy'] as const)('%s fails when the aws CLI is missing, before anything runs', (when) => {
    const fake = new FakeBin();
    const r = runProvisioner(nullResource(synth()), when, fake, { PATH: fake.pathWithout('aws') });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('cimd-policy: this step needs aws on PATH and cannot run without it; nothing was changed');
    expect(fake.calls()).toEqual([]);
  });

  test('retries only throttling and transient Cognito errors, then creates', () => {
    const fake = new FakeBin([
      cognitoError('TooManyRequestsException', 'ListCIMDPolicies', 'Rate exceeded'),
      policies(),
      cognitoError('InternalErrorException', 'CreateCIMDPolicy', 'Internal error'),
      {},
    ]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(0);
    expect(ops(fake)).toEqual(['list-cimd-policies', 'list-cimd-policies', 'create-cimd-policy', 'create-cimd-policy']);
    expect(fake.sleeps()).toEqual([2, 2]);
    expect(r.stdout).toContain('cimd-policy: created mcp-clients');
  });

  test.each([
    ['NotAuthorizedException', 'ListCIMDPolicies', 'list-cimd-policies', 'User is not authorized'],
    ['FeatureUnavailableInTierException', 'CreateCIMDPolicy', 'create-cimd-policy', 'Not available in this feature plan'],
    ['LimitExceededException', 'CreateCIMDPolicy', 'create-cimd-policy', 'Too many CIMD policies'],
    ['InvalidParameterException', 'UpdateCIMDPolicy', 'update-cimd-policy', 'bad pattern'],
  ])('create fails at once on %s (no retry can fix it)', (code, operation, failing, message) => {
    const before =
      failing === 'list-cimd-policies'
        ? []
        : failing === 'update-cimd-policy'
          ? [policies({ id: 'p1', name: 'mcp-clients' })]
          : [policies()];
    const fake = new FakeBin([...before, cognitoError(code, operation, message)]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(ops(fake)).toEqual([...(before.length ? ['list-cimd-policies'] : []), failing]);
    expect(fake.sleeps()).toEqual([]);
    expect(r.stderr).toContain(`${failing} failed (fatal after 1 attempt(s))`);
    expect(r.stderr).toContain(`(${code})`);
  });

  test('create gives up after the configured attempts while the app client stays missing', () => {
    const notYet = cognitoError('ResourceNotFoundException', 'CreateCIMDPolicy', 'Client does not exist.');
    const fake = new FakeBin([policies(), notYet, notYet, notYet, notYet, {}]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(5);
    expect(fake.sleeps()).toEqual([2, 4, 5]);
    expect(r.stderr).toContain('create-cimd-policy failed (exhausted after 4 attempt(s))');
  });

  test('destroy retries throttling, then deletes the policy it owns', () => {
    const fake = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      cognitoError('TooManyRequestsException', 'DescribeCIMDPolicy', 'Rate exceeded'),
      described({}),
      cognitoError('ConcurrentModificationException', 'DeleteCIMDPolicy', 'in flight'),
      {},
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(ops(fake)).toEqual([
      'list-cimd-policies',
      'describe-cimd-policy',
      'describe-cimd-policy',
      'delete-cimd-policy',
      'delete-cimd-policy',
    ]);
    expect(r.stdout).toContain('deleted mcp-clients (p1)');
  });

  test.each([
    [
      '"does not exist" under another code',
      cognitoError('NotAuthorizedException', 'ListCIMDPolicies', 'Pool does not exist or not authorized'),
    ],
    [
      'no error code at all (no credentials)',
      { exitCode: 253, stderr: 'Unable to locate credentials. You can configure credentials by running "aws configure".' },
    ],
    [
      'an error that only names ResourceNotFoundException',
      { exitCode: 254, stderr: 'ResourceNotFoundException: CIMD policy not found' },
    ],
  ])('destroy does not pass for "already gone" on %s: it fails and deletes nothing', (_label, failure) => {
    const fake = new FakeBin([failure]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(ops(fake)).toEqual(['list-cimd-policies']);
    expect(r.stdout).not.toContain('already gone');
    expect(r.stderr).toContain(
      'list-cimd-policies failed (fatal after 1 attempt(s)) for mcp-clients; the policy may still exist',
    );
  });

  test.each([
    ['a paged listing (NextToken left)', { stdout: JSON.stringify({ CIMDPolicies: [], NextToken: 'next' }) }],
    ['a listing that is not JSON', { stdout: 'not json' }],
    ['a listing without CIMDPolicies', { stdout: '{}' }],
  ])('destroy cannot conclude "already gone" from %s', (_label, listing) => {
    const fake = new FakeBin([listing]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(ops(fake)).toEqual(['list-cimd-policies']);
    expect(r.stderr).toContain('cannot read the CIMD policies of user pool eu-west-1_AbC123, so nothing was changed');
    expect(r.stdout).not.toContain('already gone');
  });

  test('destroy fails, and deletes nothing, when the policy it found cannot be read', () => {
    const fake = new FakeBin([policies({ id: 'p1', name: 'mcp-clients' }), { stdout: '{"CIMDPolicy": null}' }]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(ops(fake)).toEqual(['list-cimd-policies', 'describe-cimd-policy']);
    expect(r.stderr).toContain('cannot read CIMD policy mcp-clients (p1)');
    expect(r.stdout).not.toContain('kept');
  });

  test('destroy is done when the policy disappears between the listing and the describe', () => {
    const fake = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      cognitoError('ResourceNotFoundException', 'DescribeCIMDPolicy', 'CIMD policy not found.'),
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(ops(fake)).toEqual(['list-cimd-policies', 'describe-cimd-policy']);
    expect(r.stdout).toContain('nothing to delete for mcp-clients (already gone)');
  });

  test('validates literal values at synth, naming the field and rule', () => {
    expect(() => synth({ mode: 'native' })).toThrow(/cimd\.mode: \[cimd\.native\] hashicorp\/aws 6\.25\.0/);
    expect(() => synth({ urlPatterns: [] })).toThrow(/cimd\.urlPatterns: \[cimd\.urlPatterns\]/);
    expect(() => synth({ urlPatterns: ['http://x.example/a'] })).toThrow(/URLPatternType/);
    expect(() => synth({ urlPatterns: ['https://x.example/a b'] })).toThrow(/URLPatternType/);
    expect(() => synth({ policyName: 'x'.repeat(33) })).toThrow(/cimd\.policyName/);
    expect(() => synth({ cacheDurationSeconds: 3600 })).toThrow(/cimd\.cacheDurationSeconds: \[cimd\.cacheDuration\]/);
  });

  test('its address is null_resource.<address name>, and the stack declares the null provider', () => {
    const s = synth({ addressName: 'cimd_policy' });
    expect(Object.keys(s.resource.null_resource)).toEqual(['cimd_policy']);
    expect(s.provider.null).toEqual([{}]);
  });
});

describe('the README documents the error classification of the CIMD steps', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  test.each([
    ['create/update', CIMD_APPLY_ERROR_RULES],
    ['delete', CIMD_DELETE_ERROR_RULES],
  ])('the %s table is the one the code builds', (_label, rules) => {
    expect(readme).toContain(errorRulesTable(rules, false));
  });
});
