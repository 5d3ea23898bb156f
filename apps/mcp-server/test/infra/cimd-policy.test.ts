import { testEnvironment, testStack } from '@aws-log-mcp/shared/testing';
import { expectOneLineBash, FakeBin, FakeResponse, NullResourceJson, runProvisioner, Template } from '@aws-log-mcp/testing';
import { existsSync, rmSync } from 'node:fs';
import { CIMD_APPLY_COMMAND, CIMD_DELETE_COMMAND, CimdPolicy, CimdPolicyProps } from '../../src/infra/cimd-policy';

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
        LP_RETRY_MAX_ATTEMPTS: '4',
      });
    }
    expect(create.command).toBe(CIMD_APPLY_COMMAND);
    expect(destroy.command).toBe(CIMD_DELETE_COMMAND);
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
    const notYet = {
      exitCode: 254,
      stderr: 'An error occurred (ResourceNotFoundException) when calling the CreateCIMDPolicy operation: Client does not exist.',
    };
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
    const denied = {
      exitCode: 254,
      stderr: 'An error occurred (AccessDeniedException): not authorized to perform: cognito-idp:CreateCIMDPolicy',
    };
    const fake = new FakeBin([policies(), denied]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(2);
    expect(r.stderr).toContain('create-cimd-policy failed after 1 attempt(s)');
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
      {
        exitCode: 254,
        stderr:
          'An error occurred (ResourceNotFoundException) when calling the ListCIMDPolicies operation: User pool eu-west-1_AbC123 does not exist.',
      },
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', poolGone);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('already gone');
    const raced = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      described({}),
      { exitCode: 254, stderr: 'ResourceNotFoundException: CIMD policy not found' },
    ]);
    expect(runProvisioner(nullResource(synth()), 'destroy', raced).status).toBe(0);
  });

  test('destroy fails loudly on other errors', () => {
    const fake = new FakeBin([
      policies({ id: 'p1', name: 'mcp-clients' }),
      described({}),
      { exitCode: 254, stderr: 'AccessDeniedException: nope' },
    ]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('delete-cimd-policy failed for mcp-clients');
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
