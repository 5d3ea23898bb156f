import {
  AWS_CLI,
  describeWithEngines,
  JQ,
  MOTO_SERVER,
  enginePath,
  MotoServer,
  NullResourceJson,
  pathWithEngines,
  resolveEnvironment,
  startMoto,
  Template,
} from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import { LakeFormationTableGrant } from '../../src';
import { testEnvironment, testStack } from '../helpers';

/**
 * The grant and revoke commands against moto's Lake Formation with the real AWS CLI and jq:
 * proves the CLI accepts the JSON arguments and that the grant lands on the right resource.
 */
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

  function run(resource: NullResourceJson, when: 'create' | 'destroy') {
    const p = resource.provisioner.map((x) => x['local-exec']).find((x) => (x.when ?? 'create') === when)!;
    const [bin, ...args] = p.interpreter;
    return spawnSync(bin, [...args, p.command], {
      // The script finds `aws` and `jq` by name, as on the machine that applies: the pinned ones first.
      env: { ...process.env, PATH: pathWithEngines([AWS_CLI, JQ]), ...moto.env, ...resolveEnvironment(resource, p.environment) },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  function permissions(): { Principal: unknown; Resource: unknown; Permissions: string[] }[] {
    const r = spawnSync(
      enginePath(AWS_CLI),
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
});
