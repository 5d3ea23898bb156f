import { testStack } from '@aws-log-mcp/shared/testing';
import { expectOneLineBash, FakeBin, NullResourceJson, runProvisioner, Template } from '@aws-log-mcp/testing';
import {
  DELETE_CATALOG_STEP,
  ENSURE_CATALOG_STEP,
  S3TablesAnalyticsIntegration,
  S3TablesAnalyticsIntegrationProps,
} from '../src/s3-tables-analytics-integration';
import { ACCOUNT, decodeJsonencode, envConfig, Json, PARTITION } from './support/synth';

function synth(props: Partial<S3TablesAnalyticsIntegrationProps> = {}, emulatorEndpoint?: string): Json {
  const stack = testStack(envConfig({}, emulatorEndpoint ? { emulatorEndpoint } : {}), 'log-platform');
  new S3TablesAnalyticsIntegration(stack, 'integration', {
    dataAccessRoleName: 'acme-dev-log-platform-s3tables-lakeformation',
    owner: 'acme-dev-log-platform',
    retry: { initialDelaySeconds: 1, maxAttempts: 3, maxDelaySeconds: 4 },
    ...props,
  });
  return Template.synth(stack).json;
}

const json = synth();
const only = (j: Json, type: string) => new Template(j).only(type);

/**
 * The catalog step with the values Terraform gives its data sources at apply (account
 * 111122223333, partition aws) in every trigger: the test plays Terraform before running the command.
 */
function applied(j: Json): NullResourceJson {
  const r = structuredClone(only(j, 'null_resource')) as NullResourceJson;
  expect(r.triggers).toMatchObject({ account_id: ACCOUNT, partition: PARTITION });
  const apply = (v: string) => v.split(ACCOUNT).join('111122223333').split(PARTITION).join('aws');
  r.triggers = Object.fromEntries(Object.entries(r.triggers).map(([k, v]) => [k, apply(v)]));
  return r;
}
const catalog = () => applied(json);
const EXPECTED_INPUT = {
  FederatedCatalog: { Identifier: 'arn:aws:s3tables:eu-west-1:111122223333:bucket/*', ConnectionName: 'aws:s3tables' },
  CreateDatabaseDefaultPermissions: [],
  CreateTableDefaultPermissions: [],
};
const NOT_FOUND = {
  exitCode: 254,
  stderr: 'An error occurred (EntityNotFoundException) when calling the GetCatalog operation: Catalog not found',
};

describe('S3TablesAnalyticsIntegration', () => {
  test('registers every table bucket of the region with Lake Formation, with federation and privileged access', () => {
    expect(new Template(json).addresses()).toEqual([
      'aws_iam_role.integration_data_access',
      'aws_iam_role_policy_attachment.integration_data_access',
      'aws_lakeformation_resource.integration',
      'null_resource.integration_catalog',
    ]);
    expect(only(json, 'aws_lakeformation_resource')).toEqual({
      arn: `arn:${PARTITION}:s3tables:eu-west-1:${ACCOUNT}:bucket/*`,
      role_arn: '${aws_iam_role.integration_data_access.arn}',
      with_federation: true,
      with_privileged_access: true,
      depends_on: ['aws_iam_role_policy_attachment.integration_data_access'],
    });
    expect(decodeJsonencode(only(json, 'aws_iam_role').assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'lakeformation.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:SetContext'],
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ]);
    expect(only(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(
      `arn:${PARTITION}:iam::aws:policy/service-role/AmazonS3TablesLakeFormationServiceRole`,
    );
    expect(only(json, 'null_resource').depends_on).toEqual(['aws_lakeformation_resource.integration']);
  });

  test('creates the federated catalog, tagged as ours, when it does not exist', () => {
    const fake = new FakeBin([NOT_FOUND, {}]);
    const r = runProvisioner(catalog(), 'create', fake);
    expect(r.status).toBe(0);
    const [get, create] = fake.calls();
    expect(get.argv).toEqual([
      '--region',
      'eu-west-1',
      '--output',
      'json',
      'glue',
      'get-catalog',
      '--catalog-id',
      's3tablescatalog',
    ]);
    expect(create.argv.slice(0, 8)).toEqual([
      '--region',
      'eu-west-1',
      '--output',
      'json',
      'glue',
      'create-catalog',
      '--name',
      's3tablescatalog',
    ]);
    expect(JSON.parse(create.argv[create.argv.indexOf('--catalog-input') + 1])).toEqual(EXPECTED_INPUT);
    expect(JSON.parse(create.argv[create.argv.indexOf('--tags') + 1])).toEqual({
      'log-platform:created-by': 'acme-dev-log-platform',
    });
    expect(r.stdout).toContain('created s3tablescatalog');
  });

  test('leaves an existing catalog (e.g. enabled in the console) alone', () => {
    const fake = new FakeBin([{ stdout: '{"Catalog":{"Name":"s3tablescatalog"}}' }]);
    const r = runProvisioner(catalog(), 'create', fake);
    expect(r.status).toBe(0);
    expect(fake.calls()).toHaveLength(1);
    expect(r.stdout).toContain('already exists');
  });

  test('does not guess when the lookup fails for another reason', () => {
    const fake = new FakeBin([{ exitCode: 254, stderr: 'An error occurred (AccessDeniedException): no glue:GetCatalog' }]);
    const r = runProvisioner(catalog(), 'create', fake);
    expect(r.status).toBe(1);
    expect(fake.calls()).toHaveLength(1);
    expect(r.stderr).toContain('cannot tell whether s3tablescatalog exists');
  });

  test('retries create-catalog while the registration propagates, and accepts a concurrent creation', () => {
    const propagating = {
      exitCode: 254,
      stderr: 'An error occurred (EntityNotFoundException): Resource arn not registered: not found',
    };
    const fake = new FakeBin([
      NOT_FOUND,
      propagating,
      { exitCode: 254, stderr: 'An error occurred (AlreadyExistsException): exists' },
    ]);
    const r = runProvisioner(catalog(), 'create', fake);
    expect(r.status).toBe(0);
    expect(fake.sleeps()).toEqual([1]);
    expect(r.stdout).toContain('created concurrently');
  });

  test('passes --endpoint-url in emulator mode', () => {
    const fake = new FakeBin([{}]);
    runProvisioner(applied(synth({}, 'http://127.0.0.1:5000')), 'create', fake);
    expect(fake.calls()[0].argv.slice(0, 2)).toEqual(['--endpoint-url', 'http://127.0.0.1:5000']);
  });

  test('destroy deletes the catalog only when this stack created it', () => {
    const ours = new FakeBin([{ stdout: '{"Tags":{"log-platform:created-by":"acme-dev-log-platform"}}' }, {}]);
    const r = runProvisioner(catalog(), 'destroy', ours);
    expect(r.status).toBe(0);
    expect(ours.calls().map((c) => c.argv.slice(4))).toEqual([
      ['glue', 'get-tags', '--resource-arn', 'arn:aws:glue:eu-west-1:111122223333:catalog/s3tablescatalog'],
      ['glue', 'delete-catalog', '--catalog-id', 's3tablescatalog'],
    ]);
  });

  test.each([
    ['created in the console (no tag)', { stdout: '{"Tags":{}}' }],
    ['created by another environment', { stdout: '{"Tags":{"log-platform:created-by":"acme-prod-log-platform"}}' }],
  ])('destroy keeps a catalog %s', (_label, response) => {
    const fake = new FakeBin([response]);
    const r = runProvisioner(catalog(), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(fake.calls().map((c) => c.argv[5])).toEqual(['get-tags']);
  });

  test('destroy fails, deleting nothing, when the tags cannot be read (it cannot tell whether the catalog is ours)', () => {
    const fake = new FakeBin([
      { exitCode: 254, stderr: 'An error occurred (AccessDeniedException) when calling the GetTags operation: denied' },
    ]);
    const r = runProvisioner(catalog(), 'destroy', fake);
    expect(r.status).toBe(1);
    expect(fake.calls().map((c) => c.argv[5])).toEqual(['get-tags']);
    expect(r.stderr).toContain('cannot read the tags of arn:aws:glue:eu-west-1:111122223333:catalog/s3tablescatalog');
  });

  test.each(['create', 'destroy'] as const)('%s fails when the aws CLI is missing', (when) => {
    const fake = new FakeBin();
    const r = runProvisioner(catalog(), when, fake, { PATH: fake.pathWithout('aws') });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('glue-catalog: this step needs aws on PATH');
    expect(fake.calls()).toEqual([]);
  });

  test('destroy tolerates a catalog that is already gone', () => {
    const fake = new FakeBin([{ exitCode: 254, stderr: 'An error occurred (EntityNotFoundException): not found' }]);
    const r = runProvisioner(catalog(), 'destroy', fake);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('already gone');
  });

  test('validates its inputs with the rule named', () => {
    expect(() => synth({ owner: 'has space' })).toThrow(/integration\.owner: \[glue\.tagValue\]/);
  });

  test.each([
    ['ensure catalog', ENSURE_CATALOG_STEP.command],
    ['delete catalog', DELETE_CATALOG_STEP.command],
  ])('the %s command is one line of valid bash without backslashes', (_label, command) => {
    expectOneLineBash(command);
  });
});
