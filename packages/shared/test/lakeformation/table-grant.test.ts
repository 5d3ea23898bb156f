import { FakeBin, FakeResponse, NullResourceJson, runProvisioner, Template } from '@aws-log-mcp/testing';
import { existsSync } from 'node:fs';
import { LakeFormationTableGrant, LakeFormationTableGrantProps } from '../../src';
import { testEnvironment, testStack } from '../helpers';
import { S3TablesTable } from '@cdktf/provider-aws/lib/s3tables-table';
import { Construct } from 'constructs';

/** A table resource at the address the log platform gives its table. */
class TerraformDataLikeTable {
  readonly arn: string;
  constructor(scope: Construct) {
    const t = new S3TablesTable(scope, 'table', {
      name: 't',
      namespace: 'logs',
      tableBucketArn: 'arn:aws:s3tables:eu-west-1:123456789012:bucket/b',
      format: 'ICEBERG',
    });
    t.overrideLogicalId('logs');
    this.arn = t.arn;
  }
}

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>> };

function synth(props: Partial<LakeFormationTableGrantProps> = {}, emulatorEndpoint?: string): Synth {
  const stack = testStack(testEnvironment(emulatorEndpoint ? { emulatorEndpoint } : {}));
  new LakeFormationTableGrant(stack, 'grant', {
    principalArn: 'arn:aws:iam::123456789012:role/acme-dev-log-platform-firehose',
    catalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
    databaseName: 'logs',
    tableName: 'some_api_logs',
    permissions: ['ALL'],
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

function argsOf(argv: string[], flag: string): string {
  const i = argv.indexOf(flag);
  expect(i).toBeGreaterThanOrEqual(0);
  return argv[i + 1];
}

describe('LakeFormationTableGrant (local-exec)', () => {
  test('tableArn replaces the grant when the table is replaced, without being a trigger', () => {
    const stack = testStack(testEnvironment());
    const table = new TerraformDataLikeTable(stack);
    new LakeFormationTableGrant(stack, 'grant', {
      principalArn: 'arn:aws:iam::123456789012:role/r',
      catalogId: '123456789012:s3tablescatalog/b',
      databaseName: 'logs',
      tableName: 't',
      permissions: ['ALL'],
      tableArn: table.arn,
    });
    const r = nullResource(Template.synth(stack).json as Synth) as NullResourceJson & { lifecycle?: unknown };
    expect(r.triggers).not.toHaveProperty('table_arn');
    expect(r.lifecycle).toEqual({ replace_triggered_by: ['aws_s3tables_table.logs.arn'] });
  });

  test.each([['arn:aws:s3tables:eu-west-1:123456789012:bucket/b/table/t'], ['${aws_s3tables_table.logs.arn}-x']])(
    'tableArn that is not a reference to one attribute (%s) is refused at synth',
    (tableArn) => {
      expect(() => synth({ tableArn })).toThrow(
        '[lakeFormation.tableReference] must be a reference to one attribute of a resource',
      );
    },
  );

  test('triggers carry everything that must force a re-grant, and the command carries no value', () => {
    const r = nullResource(synth());
    expect(r.triggers).toEqual({
      principal_arn: 'arn:aws:iam::123456789012:role/acme-dev-log-platform-firehose',
      catalog_id: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'ALL',
      region: 'eu-west-1',
      endpoint_url: '',
    });
    const [create, destroy] = r.provisioner.map((p) => p['local-exec']);
    expect(create.when).toBeUndefined();
    expect(destroy.when).toBe('destroy');
    for (const p of [create, destroy]) {
      expect(p.interpreter).toEqual(['bash', '-c']);
      expect(p.command).not.toMatch(/\$\{|%\{/);
      for (const value of Object.values(r.triggers)) if (value) expect(p.command).not.toContain(value);
      expect(p.environment).toMatchObject({
        LP_PRINCIPAL_ARN: '${self.triggers.principal_arn}',
        LP_CATALOG_ID: '${self.triggers.catalog_id}',
        LP_DATABASE_NAME: '${self.triggers.database_name}',
        LP_TABLE_NAME: '${self.triggers.table_name}',
        LP_PERMISSIONS: '${self.triggers.permissions}',
        LX_REGION: '${self.triggers.region}',
        LX_ENDPOINT_URL: '${self.triggers.endpoint_url}',
        LX_RETRY_MAX_ATTEMPTS: '4',
        LX_RETRY_INITIAL_DELAY: '2',
        LX_RETRY_MAX_DELAY: '5',
      });
    }
  });

  test('grants with the exact arguments and resource JSON', () => {
    const fake = new FakeBin();
    const r = runProvisioner(nullResource(synth({ permissions: ['SELECT', 'DESCRIBE'] })), 'create', fake);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fake.calls()).toEqual([
      {
        argv: [
          '--region',
          'eu-west-1',
          '--output',
          'json',
          'lakeformation',
          'grant-permissions',
          '--principal',
          '{"DataLakePrincipalIdentifier":"arn:aws:iam::123456789012:role/acme-dev-log-platform-firehose"}',
          '--resource',
          '{"Table":{"CatalogId":"123456789012:s3tablescatalog/acme-dev-log-platform-tables","DatabaseName":"logs","Name":"some_api_logs"}}',
          '--permissions',
          '["SELECT","DESCRIBE"]',
        ],
        exitCode: 0,
      },
    ]);
    expect(r.stdout).toContain('lake-formation-grant: granted ["SELECT","DESCRIBE"]');
  });

  test.each([
    ['quotes', `it's "quoted"`],
    ['spaces and $', 'a b $HOME $(touch /tmp/pwned-lf) ${PATH}'],
    ['backticks', '`id` `touch /tmp/pwned-lf`'],
    ['newlines and semicolons', 'line1\nline2; rm -rf / #'],
    ['json breakers', '"},{"Table":{"Name":"other"}} \\'],
  ])('hostile values (%s) reach aws as data, byte for byte', (_label, hostile) => {
    const fake = new FakeBin();
    const resource = nullResource(synth());
    // Terraform would hand these values over through the triggers; the test sets them directly
    // because the naming rules (rightly) refuse them at synth.
    resource.triggers = {
      ...resource.triggers,
      principal_arn: `arn:aws:iam::123456789012:role/${hostile}`,
      catalog_id: `123456789012:s3tablescatalog/${hostile}`,
      database_name: hostile,
      table_name: hostile,
    };
    const r = runProvisioner(resource, 'create', fake);
    expect(r.status).toBe(0);
    const [call] = fake.calls();
    expect(JSON.parse(argsOf(call.argv, '--principal'))).toEqual({
      DataLakePrincipalIdentifier: `arn:aws:iam::123456789012:role/${hostile}`,
    });
    expect(JSON.parse(argsOf(call.argv, '--resource'))).toEqual({
      Table: { CatalogId: `123456789012:s3tablescatalog/${hostile}`, DatabaseName: hostile, Name: hostile },
    });
    expect(call.argv).toHaveLength(12);
    expect(existsSync('/tmp/pwned-lf')).toBe(false);
  });

  test('passes --endpoint-url only when an endpoint override is set', () => {
    const fake = new FakeBin([{}, {}]);
    runProvisioner(nullResource(synth({}, 'http://127.0.0.1:5000')), 'create', fake);
    runProvisioner(nullResource(synth()), 'create', fake, { LX_ENDPOINT_URL: 'http://ignored:1' });
    const [withEndpoint, without] = fake.calls();
    expect(withEndpoint.argv.slice(0, 6)).toEqual([
      '--endpoint-url',
      'http://127.0.0.1:5000',
      '--region',
      'eu-west-1',
      '--output',
      'json',
    ]);
    // The provisioner's own (empty) value wins over the parent environment, as in Terraform.
    expect(without.argv).not.toContain('--endpoint-url');
  });

  const lfError = (code: string, message: string, operation = 'GrantPermissions'): FakeResponse => ({
    exitCode: 254,
    stderr: `\nAn error occurred (${code}) when calling the ${operation} operation: ${message}\n`,
  });
  /** Lake Formation's answer both for a missing resource and for a caller that may not grant. */
  const AMBIGUOUS = 'Resource does not exist or requester is not authorized to access requested permissions.';
  const TABLE_JSON = { stdout: JSON.stringify({ Table: { Name: 'some_api_logs' } }) };

  test('retries IAM propagation errors with exponential backoff, then succeeds', () => {
    const notYet = lfError('InvalidInputException', 'Invalid principal');
    const fake = new FakeBin([notYet, notYet, notYet, {}]);
    const r = runProvisioner(
      nullResource(synth({ retry: { initialDelaySeconds: 2, maxAttempts: 5, maxDelaySeconds: 5 } })),
      'create',
      fake,
    );
    expect(r.status).toBe(0);
    expect(fake.calls().map((c) => c.exitCode)).toEqual([254, 254, 254, 0]);
    expect(fake.sleeps()).toEqual([2, 4, 5]);
    expect(r.stderr).toContain('lake-formation-grant: attempt 1 failed with InvalidInputException');
  });

  test('gives up after maxAttempts with a clear message', () => {
    const notYet = lfError('InvalidInputException', 'Invalid principal: role/x not found');
    const fake = new FakeBin([notYet, notYet, notYet, notYet, notYet]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(4);
    expect(fake.sleeps()).toEqual([2, 4, 5]);
    expect(r.stderr).toContain('grant-permissions failed (exhausted after 4 attempt(s))');
    expect(r.stderr).toContain('data lake administrator');
    expect(r.stderr).toContain('role/x not found');
  });

  test.each([
    [
      'AccessDeniedException',
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: lakeformation:GrantPermissions',
    ],
    ['InvalidInputException', 'Permissions modification is invalid.'],
    ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ])('fails at once on %s, which retrying cannot fix (was: 8 attempts, about 4 minutes)', (code, message) => {
    const fake = new FakeBin([lfError(code, message)]);
    const r = runProvisioner(nullResource(synth({ retry: {} })), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(1);
    expect(fake.sleeps()).toEqual([]);
    expect(r.stderr).toContain('failed (fatal after 1 attempt(s))');
    expect(r.stderr).toContain(message);
  });

  test('the ambiguous not-found on grant, for a table Glue can read, is an authorization failure: no retry', () => {
    const fake = new FakeBin([lfError('EntityNotFoundException', AMBIGUOUS), TABLE_JSON]);
    const r = runProvisioner(nullResource(synth({ retry: {} })), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls().map((c) => c.argv.slice(4, 6))).toEqual([
      ['lakeformation', 'grant-permissions'],
      ['glue', 'get-table'],
    ]);
    expect(argsOf(fake.calls()[1].argv, '--catalog-id')).toBe('123456789012:s3tablescatalog/acme-dev-log-platform-tables');
    expect(fake.sleeps()).toEqual([]);
    expect(r.stderr).toContain('the table exists, so Lake Formation refused the grant itself');
  });

  test('the ambiguous not-found on grant, for a table Glue does not see yet, is retried', () => {
    const notVisible = lfError('EntityNotFoundException', 'Table some_api_logs not found.', 'GetTable');
    const fake = new FakeBin([lfError('EntityNotFoundException', AMBIGUOUS), notVisible, {}]);
    const r = runProvisioner(nullResource(synth()), 'create', fake);
    expect(r.status).toBe(0);
    expect(fake.calls().map((c) => c.argv[5])).toEqual(['grant-permissions', 'get-table', 'grant-permissions']);
    expect(fake.sleeps()).toEqual([2]);
  });

  test('destroy revokes exactly what was granted', () => {
    const fake = new FakeBin();
    const r = runProvisioner(nullResource(synth({ permissions: ['SELECT', 'DESCRIBE'] })), 'destroy', fake);
    expect(r.status).toBe(0);
    const [call] = fake.calls();
    expect(call.argv.slice(4, 6)).toEqual(['lakeformation', 'revoke-permissions']);
    expect(argsOf(call.argv, '--permissions')).toBe('["SELECT","DESCRIBE"]');
    expect(JSON.parse(argsOf(call.argv, '--resource'))).toEqual({
      Table: {
        CatalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
        DatabaseName: 'logs',
        Name: 'some_api_logs',
      },
    });
    expect(r.stdout).toContain('revoked');
  });

  test.each([
    'No permissions revoked. Grantee has no permissions and no grantable permissions on resource',
    'Cannot grant/revoke permission on non-existent column.',
  ])('destroy succeeds when Lake Formation states the grant is gone: %s', (message) => {
    const fake = new FakeBin([lfError('InvalidInputException', message, 'RevokePermissions')]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(fake.calls()).toHaveLength(1);
    expect(r.stdout).toContain('already gone');
  });

  test.each([
    ['EntityNotFoundException', AMBIGUOUS],
    ['AccessDeniedException', AMBIGUOUS],
  ])('the reported case: destroy fails on %s "%s" when the grant cannot be proven gone (was: exit 0)', (code, message) => {
    const denied = lfError(
      'AccessDeniedException',
      'User is not authorized to perform: lakeformation:ListPermissions',
      'ListPermissions',
    );
    const fake = new FakeBin([lfError(code, message, 'RevokePermissions'), denied]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(fake.calls().map((c) => c.argv[5])).toEqual(['revoke-permissions', 'list-permissions']);
    expect(r.stderr).toContain('cannot prove the grant is gone');
    expect(r.stderr).toContain('the grant may still exist');
  });

  test('the ambiguous not-found on destroy is success when list-permissions shows none of the permissions', () => {
    const listed = {
      stdout: JSON.stringify({ PrincipalResourcePermissions: [{ Permissions: ['ALTER'], PermissionsWithGrantOption: [] }] }),
    };
    const fake = new FakeBin([lfError('EntityNotFoundException', AMBIGUOUS, 'RevokePermissions'), listed]);
    const r = runProvisioner(nullResource(synth({ permissions: ['SELECT', 'DESCRIBE'] })), 'destroy', fake);
    expect(r.status).toBe(0);
    const list = fake.calls()[1].argv;
    expect(JSON.parse(argsOf(list, '--principal'))).toEqual({
      DataLakePrincipalIdentifier: 'arn:aws:iam::123456789012:role/acme-dev-log-platform-firehose',
    });
    expect(r.stderr).toContain('list-permissions shows none of');
    expect(r.stdout).toContain('already gone');
  });

  test('the ambiguous not-found on destroy fails when list-permissions still shows the grant', () => {
    const listed = {
      stdout: JSON.stringify({ PrincipalResourcePermissions: [{ Permissions: ['SELECT'], PermissionsWithGrantOption: [] }] }),
    };
    const fake = new FakeBin([lfError('EntityNotFoundException', AMBIGUOUS, 'RevokePermissions'), listed]);
    const r = runProvisioner(nullResource(synth({ permissions: ['SELECT', 'DESCRIBE'] })), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('revoke was refused but list-permissions still shows the grant (1 of ["SELECT","DESCRIBE"])');
  });

  test.each(['create', 'destroy'] as const)(
    'the reported case: %s fails when the aws CLI is missing (was: destroy exit 0)',
    (when) => {
      const fake = new FakeBin();
      const r = runProvisioner(nullResource(synth()), when, fake, { PATH: fake.pathWithout('aws') });
      expect(r.status).toBe(127);
      expect(r.stderr).toContain('needs aws on PATH and cannot run without it; nothing was changed');
      expect(fake.calls()).toEqual([]);
    },
  );

  test('destroy fails loudly on other errors', () => {
    const fake = new FakeBin([lfError('AccessDeniedException', 'nope', 'RevokePermissions')]);
    const r = runProvisioner(nullResource(synth()), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(1);
    expect(r.stderr).toContain('revoke-permissions failed (fatal after 1 attempt(s))');
  });

  test('validates retry settings, naming the rule (permissions are checked by the config schema)', () => {
    expect(() => synth({ retry: { maxAttempts: 0 } })).toThrow(/grant\.retry\.maxAttempts: \[localExec\.retry\]/);
  });

  test('its address is null_resource.<address name>, and the stack declares the null provider', () => {
    const s = synth({ addressName: 'firehose_lakeformation_grant' }) as Synth & { provider: Record<string, unknown> };
    expect(Object.keys(s.resource.null_resource)).toEqual(['firehose_lakeformation_grant']);
    expect(s.provider.null).toEqual([{}]);
  });
});

describe('LakeFormationTableGrant (native)', () => {
  test('emits aws_lakeformation_permissions on the S3 Tables catalog and no null_resource', () => {
    const s = synth({ mode: 'native', permissions: ['SELECT', 'DESCRIBE'] });
    expect(s.resource.null_resource).toBeUndefined();
    expect(s.resource.aws_lakeformation_permissions.grant).toEqual({
      principal: 'arn:aws:iam::123456789012:role/acme-dev-log-platform-firehose',
      permissions: ['SELECT', 'DESCRIBE'],
      table: {
        catalog_id: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
        database_name: 'logs',
        name: 'some_api_logs',
      },
    });
  });
});
