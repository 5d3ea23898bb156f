import { testEnvironment, testStack } from '@aws-log-mcp/shared/testing';
import {
  AWS_CLI_WITH_CIMD_MODEL,
  awsCliVenvBin,
  describeWithEngines,
  enginePath,
  FakeBin,
  forkServedAwsCli,
  JQ,
  NullResourceJson,
  runProvisioner,
  Template,
} from '@aws-log-mcp/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CimdPolicy, CimdPolicyProps } from '../../src/infra/cimd-policy';

/**
 * The CIMD policy step run for real: bash, jq and the pinned AWS CLI (`.venv-awscli`, its
 * cognito-idp model taken from botocore 1.44.8 through AWS_DATA_PATH) against
 * `test/python/cognito_cimd_stub.py`, a stand-in for Cognito's CIMD operations that checks every
 * request and answer against botocore's current cognito-idp model. moto has no CIMD operations,
 * so the stand-in is the one hand-written part.
 */
interface Call {
  op: string;
  request: Record<string, unknown>;
  violations: string[];
  response_violations: string[];
}

describeWithEngines('CimdPolicy with the real AWS CLI against the cognito-idp model', [AWS_CLI_WITH_CIMD_MODEL, JQ], () => {
  let stub: ChildProcess;
  let endpoint: string;
  let work: string;
  let callsFile: string;
  let cliEnv: Record<string, string>;

  beforeAll(async () => {
    const python = enginePath(AWS_CLI_WITH_CIMD_MODEL);
    work = mkdtempSync(path.join(tmpdir(), 'cimd-cli-'));
    callsFile = path.join(work, 'calls.jsonl');
    // Only cognito-idp is overlaid: the CLI's bundled botocore keeps its own models of the rest.
    const botocoreData = execFileSync(
      python,
      ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'],
      {
        encoding: 'utf8',
      },
    ).trim();
    const dataPath = path.join(work, 'models');
    mkdirSync(dataPath);
    symlinkSync(path.join(botocoreData, 'cognito-idp'), path.join(dataPath, 'cognito-idp'));
    cliEnv = {
      // The pinned CLI run from its fork server: the same CLI without ~0.7 s of imports per call.
      PATH:
        [forkServedAwsCli(awsCliVenvBin('aws')), awsCliVenvBin('aws')].map((p) => path.dirname(p)).join(':') +
        `:${process.env.PATH ?? ''}`,
      AWS_DATA_PATH: dataPath,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_CONFIG_FILE: path.join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
    };
    stub = spawn(python, [path.join(__dirname, '..', 'python', 'cognito_cimd_stub.py'), callsFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    endpoint = await new Promise<string>((resolve, reject) => {
      stub.once('exit', (code) => reject(new Error(`the CIMD stand-in exited with ${code}`)));
      stub.stdout!.once('data', (d: Buffer) => {
        const port = /listening (\d+)/.exec(d.toString())?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
        else reject(new Error(`unexpected stand-in output: ${d.toString()}`));
      });
    });
  }, 30_000);

  afterAll(() => {
    stub?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function policyResource(props: Partial<CimdPolicyProps> = {}): NullResourceJson {
    const stack = testStack(testEnvironment({ emulatorEndpoint: endpoint }));
    new CimdPolicy(stack, 'cimd', {
      userPoolId: 'eu-west-1_AbC123',
      clientId: '5vd0vu8hq1k1hjnp2mrdeq3kcs',
      policyName: 'mcp-clients',
      urlPatterns: ['https://claude.ai/oauth/*'],
      retry: { initialDelaySeconds: 0, maxAttempts: 2, maxDelaySeconds: 0 },
      ...props,
    });
    const all = Object.values(
      (Template.synth(stack).json as { resource: Record<string, Record<string, unknown>> }).resource.null_resource,
    );
    return all[0] as NullResourceJson;
  }

  // Each step starts the Python AWS CLI several times: seconds each on a saturated 2-core machine.
  const run = (resource: NullResourceJson, when: 'create' | 'destroy', env = cliEnv) =>
    runProvisioner(resource, when, new FakeBin(), env, 110_000);
  const calls = (): Call[] =>
    existsSync(callsFile)
      ? readFileSync(callsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Call)
      : [];

  test('create, re-apply, change (create_before_destroy) and destroy: every request and answer fits the model', () => {
    const first = policyResource();
    const created = run(first, 'create');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('cimd-policy: created mcp-clients');

    // A re-run (e.g. after a failed apply) finds the policy by name and updates it.
    expect(run(first, 'create').stdout).toContain('updated mcp-clients');

    // A change: the replacement applies first and updates in place; the replaced one keeps it.
    const changed = policyResource({
      urlPatterns: ['https://claude.ai/oauth/*', 'https://vscode.dev/*'],
      cacheDurationSeconds: 172800,
    });
    expect(run(changed, 'create').stdout).toContain('updated mcp-clients');
    expect(run(first, 'destroy').stdout).toContain('kept mcp-clients');

    const destroyed = run(changed, 'destroy');
    expect(destroyed.status).toBe(0);
    expect(destroyed.stdout).toContain('deleted mcp-clients');
    expect(run(changed, 'destroy').stdout).toContain('already gone');

    const all = calls();
    expect(all.map((c) => c.op)).toEqual([
      'ListCIMDPolicies',
      'CreateCIMDPolicy',
      'ListCIMDPolicies',
      'UpdateCIMDPolicy',
      'ListCIMDPolicies',
      'UpdateCIMDPolicy',
      'ListCIMDPolicies',
      'DescribeCIMDPolicy',
      'ListCIMDPolicies',
      'DescribeCIMDPolicy',
      'DeleteCIMDPolicy',
      'ListCIMDPolicies',
    ]);
    for (const c of all) {
      expect({ op: c.op, violations: c.violations, response: c.response_violations }).toEqual({
        op: c.op,
        violations: [],
        response: [],
      });
    }
    expect(all[1].request).toEqual({
      UserPoolId: 'eu-west-1_AbC123',
      ClientId: '5vd0vu8hq1k1hjnp2mrdeq3kcs',
      PolicyName: 'mcp-clients',
      CacheDuration: 86400,
      URLPatterns: ['https://claude.ai/oauth/*'],
    });
    expect(all[5].request).toMatchObject({
      CacheDuration: 172800,
      URLPatterns: ['https://claude.ai/oauth/*', 'https://vscode.dev/*'],
    });
  }, 240_000);

  test('hostile values that Cognito’s own rules allow reach Cognito byte for byte', () => {
    rmSync('/tmp/pwned-cimd-cli', { force: true });
    const name = `it's "$(x)"; $HOME \`id\``;
    const patterns = ["https://evil.example/$(touch%20/tmp/pwned-cimd-cli);'*", 'https://a.example/`id`'.replace(/`/g, '')];
    const resource = policyResource({ policyName: name, urlPatterns: patterns });
    const before = calls().length;
    const r = run(resource, 'create');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const create = calls()
      .slice(before)
      .find((c) => c.op === 'CreateCIMDPolicy')!;
    expect(create.violations).toEqual([]);
    expect(create.request).toMatchObject({ PolicyName: name, URLPatterns: patterns });
    expect(run(resource, 'destroy').stdout).toContain('deleted');
    expect(existsSync('/tmp/pwned-cimd-cli')).toBe(false);
  }, 240_000);

  test('the model check bites: a pattern outside Cognito’s rules reaches the stand-in, is refused, and the step fails', () => {
    // botocore validates types and minimums on the client, but not patterns or maximums.
    const resource = policyResource();
    resource.triggers = { ...resource.triggers, url_patterns: JSON.stringify(['https://x.example/a b']) };
    const before = calls().length;
    const r = run(resource, 'create');
    expect(r.status).toBe(1);
    const create = calls()
      .slice(before)
      .find((c) => c.op === 'CreateCIMDPolicy')!;
    expect(create.violations).toEqual([
      "CreateCIMDPolicy.URLPatterns[0]: 'https://x.example/a b' does not match ^https://[!$-;=@-\\[\\]_a-z~]+$",
    ]);
    expect(r.stderr).toContain('InvalidParameterException');
  }, 240_000);

  test('a value below a minimum is refused by the CLI before anything is sent', () => {
    const resource = policyResource();
    resource.triggers = { ...resource.triggers, cache_duration: '3600' };
    const before = calls().length;
    const r = run(resource, 'create');
    expect(r.status).toBe(1);
    expect(
      calls()
        .slice(before)
        .map((c) => c.op),
    ).toEqual(['ListCIMDPolicies']);
    expect(r.stderr).toMatch(/CacheDuration.*86400/);
  }, 240_000);

  test('the same CLI without the current model says which CLI the step needs', () => {
    const r = run(policyResource(), 'create', { ...cliEnv, AWS_DATA_PATH: path.join(work, 'empty') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('this AWS CLI has no cognito-idp CIMD commands');
  }, 240_000);
});
