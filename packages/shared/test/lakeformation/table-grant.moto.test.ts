import {
  AWS_CLI,
  describeWithEngines,
  JQ,
  MOTO_SERVER,
  enginePath,
  forkServedAwsCli,
  MotoServer,
  NullResourceJson,
  pathWithEngines,
  resolveEnvironment,
  startMoto,
  Template,
} from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { LakeFormationTableGrant } from '../../src';
import { testEnvironment, testStack } from '../helpers';

/**
 * The grant and revoke commands against moto's Lake Formation with the real AWS CLI and jq:
 * proves the CLI accepts the JSON arguments and that the grant lands on the right resource.
 */
/** The pinned AWS CLI, run from its fork server (the same CLI without ~0.7 s of imports per call). */
const awsCli = () => forkServedAwsCli(enginePath(AWS_CLI));

describeWithEngines('LakeFormationTableGrant against moto with the real AWS CLI', [MOTO_SERVER, AWS_CLI, JQ], () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 30_000);
  afterAll(async () => moto?.stop());

  function grantResource(tableName: string, principal: string): NullResourceJson {
    const stack = testStack(testEnvironment({ emulatorEndpoint: moto.endpoint }));
    new LakeFormationTableGrant(stack, 'grant', {
      principalArn: principal,
      catalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
      databaseName: 'logs',
      tableName: 'placeholder',
      permissions: ['SELECT', 'DESCRIBE'],
    });
    const r = Template.synth(stack).only('null_resource') as NullResourceJson;
    r.triggers.table_name = tableName; // hostile names cannot pass the naming rules, so they are set here
    return r;
  }

  function run(resource: NullResourceJson, when: 'create' | 'destroy', extraEnv: Record<string, string> = {}) {
    const p = resource.provisioner.map((x) => x['local-exec']).find((x) => (x.when ?? 'create') === when)!;
    const [bin, ...args] = p.interpreter;
    return spawnSync(bin, [...args, p.command], {
      // The script finds `aws` and `jq` by name, as on the machine that applies: the pinned ones first.
      env: {
        ...process.env,
        PATH: `${path.dirname(awsCli())}${path.delimiter}${pathWithEngines([AWS_CLI, JQ])}`,
        ...moto.env,
        ...extraEnv,
        ...resolveEnvironment(resource, p.environment),
      },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  function permissions(): { Principal: unknown; Resource: unknown; Permissions: string[] }[] {
    const r = spawnSync(
      awsCli(),
      ['--endpoint-url', moto.endpoint, '--region', 'eu-west-1', '--output', 'json', 'lakeformation', 'list-permissions'],
      {
        env: { ...process.env, ...moto.env },
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout).PrincipalResourcePermissions;
  }

  test.each([
    ['plain', 'some_api_logs'],
    ['hostile', `it's "x" $(touch /tmp/pwned-moto) \`id\` \${PATH}\nnext`],
  ])('grant then revoke on destroy, %s table name', (_label, tableName) => {
    const principal = `arn:aws:iam::123456789012:role/firehose-${_label}`;
    const resource = grantResource(tableName, principal);
    const granted = run(resource, 'create');
    expect(granted.stderr).toBe('');
    expect(granted.status).toBe(0);
    const mine = () =>
      permissions().filter((p) => JSON.stringify(p.Principal) === JSON.stringify({ DataLakePrincipalIdentifier: principal }));
    expect(mine()).toEqual([
      {
        Principal: { DataLakePrincipalIdentifier: principal },
        Resource: {
          Table: {
            CatalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
            DatabaseName: 'logs',
            Name: tableName,
          },
        },
        Permissions: ['SELECT', 'DESCRIBE'],
        PermissionsWithGrantOption: [],
      },
    ]);
    expect(run(resource, 'destroy').status).toBe(0);
    expect(mine()).toEqual([]);
    // A second destroy (grant already gone) must not fail.
    expect(run(resource, 'destroy').status).toBe(0);
    expect(spawnSync('test', ['-e', '/tmp/pwned-moto']).status).not.toBe(0);
  });

  test.each(['create', 'destroy'] as const)(
    '%s fails, with the error the real CLI printed, when AWS cannot be reached at all',
    (when) => {
      const resource = grantResource('some_api_logs', 'arn:aws:iam::123456789012:role/unreachable');
      // A port nothing listens on; one attempt, so the CLI's own retries do not slow the test.
      resource.triggers.endpoint_url = 'http://127.0.0.1:9';
      const r = run(resource, when, { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Could not connect to the endpoint URL');
      expect(r.stderr).toMatch(/(grant|revoke)-permissions failed \(fatal after 1 attempt\(s\)\)/);
    },
    60_000,
  );
});

/**
 * moto with IAM access control on: the caller may list permissions but not revoke them. The real
 * CLI gets moto's AccessDenied, and the destroy fails instead of reporting success.
 */
describeWithEngines('LakeFormationTableGrant destroy against moto enforcing IAM', [MOTO_SERVER, AWS_CLI, JQ], () => {
  let moto: MotoServer;
  let caller: Record<string, string>;
  const aws = (env: Record<string, string>, ...args: string[]) =>
    spawnSync('aws', ['--endpoint-url', moto.endpoint, '--region', 'eu-west-1', '--output', 'json', ...args], {
      env: {
        ...process.env,
        PATH: `${path.dirname(awsCli())}${path.delimiter}${pathWithEngines([AWS_CLI])}`,
        ...moto.env,
        ...env,
      },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    // The first three requests (create the user, its policy, its key) run unauthenticated.
    moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '3' } });
    expect(aws({}, 'iam', 'create-user', '--user-name', 'ci').status).toBe(0);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['lakeformation:ListPermissions', 'lakeformation:GrantPermissions', 'glue:GetTable'],
          Resource: '*',
        },
      ],
    };
    expect(
      aws(
        {},
        'iam',
        'put-user-policy',
        '--user-name',
        'ci',
        '--policy-name',
        'no-revoke',
        '--policy-document',
        JSON.stringify(policy),
      ).status,
    ).toBe(0);
    const key = JSON.parse(aws({}, 'iam', 'create-access-key', '--user-name', 'ci').stdout).AccessKey;
    caller = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey, AWS_SESSION_TOKEN: '' };
  }, 60_000);
  afterAll(async () => moto?.stop());

  test("the grant lands, the revoke is denied, and the destroy fails with AWS's words", () => {
    const stack = testStack(testEnvironment({ emulatorEndpoint: moto.endpoint }));
    new LakeFormationTableGrant(stack, 'grant', {
      principalArn: 'arn:aws:iam::123456789012:role/firehose',
      catalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
      databaseName: 'logs',
      tableName: 'some_api_logs',
      permissions: ['SELECT'],
    });
    const resource = Template.synth(stack).only('null_resource') as NullResourceJson;
    const runAs = (when: 'create' | 'destroy') => {
      const p = resource.provisioner.map((x) => x['local-exec']).find((x) => (x.when ?? 'create') === when)!;
      return spawnSync('bash', ['-c', p.command], {
        // The pinned CLI and jq, as in the suite above (not whichever `aws` the machine's PATH has).
        env: {
          ...process.env,
          PATH: `${path.dirname(awsCli())}${path.delimiter}${pathWithEngines([AWS_CLI, JQ])}`,
          ...moto.env,
          ...caller,
          ...resolveEnvironment(resource, p.environment),
        },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
    };
    const granted = runAs('create');
    expect(granted.stderr).toBe('');
    expect(granted.status).toBe(0);
    const destroyed = runAs('destroy');
    expect(destroyed.status).toBe(1);
    expect(destroyed.stderr).toContain('is not authorized to perform: lakeformation:RevokePermissions');
    expect(destroyed.stderr).toContain('the grant may still exist');
    const listed = JSON.parse(aws(caller, 'lakeformation', 'list-permissions').stdout).PrincipalResourcePermissions;
    expect(listed).toHaveLength(1);
  });
});
