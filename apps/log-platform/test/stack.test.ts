import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { ServiceRole } from '@aws-log-mcp/shared';
import { TerraformStack, Testing } from 'cdktf';
import { LogPlatformStack } from '../src/stack';
import { byPrefix, decodeJsonencode, envConfig, only, resourcesOf, synthStack } from './support/synth';

const ACCOUNT = '${data.aws_caller_identity.identity.account_id}';
const REGION = '${data.aws_region.region.region}';
const PARTITION = '${data.aws_partition.partition.partition}';

describe('LogPlatformStack', () => {
  const { json } = synthStack();

  test('only emulator-safe data sources', () => {
    expect(Object.keys(json.data).sort()).toEqual(['aws_caller_identity', 'aws_partition', 'aws_region']);
    expect(Object.keys(json.provider).sort()).toEqual(['aws', 'null']);
  });

  test('the whole pipeline is there, once', () => {
    const count = (t: string) => Object.keys(resourcesOf(json, t)).length;
    expect({
      tableBucket: count('aws_s3tables_table_bucket'),
      namespace: count('aws_s3tables_namespace'),
      table: count('aws_s3tables_table'),
      stream: count('aws_kinesis_firehose_delivery_stream'),
      workgroup: count('aws_athena_workgroup'),
      namedQueries: count('aws_athena_named_query'),
      buckets: count('aws_s3_bucket'),
      nullResources: count('null_resource'),
      lfResource: count('aws_lakeformation_resource'),
      lfPermissions: count('aws_lakeformation_permissions'),
      ecsService: count('aws_ecs_service'),
    }).toEqual({
      tableBucket: 1,
      namespace: 1,
      table: 1,
      stream: 1,
      workgroup: 1,
      namedQueries: 5,
      buckets: 3,
      nullResources: 2,
      lfResource: 1,
      lfPermissions: 0,
      ecsService: 0,
    });
  });

  test('the grant targets the Firehose role on the table and waits for the catalog; the stream waits for the grant', () => {
    const grant = byPrefix(json, 'null_resource', 'firehose-grant');
    expect(grant.triggers).toEqual({
      principal_arn: '${aws_iam_role.delivery_role_8708125C.arn}',
      catalog_id: `${ACCOUNT}:s3tablescatalog/acme-dev-log-platform-tables`,
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'ALL',
      region: REGION,
      endpoint_url: '',
    });
    expect(grant.depends_on).toEqual([
      'aws_s3tables_table.table_43360BC0',
      'null_resource.analytics-integration_catalog_951C2AB1',
    ]);
    const stream = only(json, 'aws_kinesis_firehose_delivery_stream');
    expect(stream.depends_on).toEqual([
      'aws_iam_role_policy.delivery_role_policy_CA90C18D',
      'null_resource.firehose-grant_AA238F89',
    ]);
    expect(stream.iceberg_configuration.catalog_arn).toBe(
      `arn:${PARTITION}:glue:${REGION}:${ACCOUNT}:catalog/s3tablescatalog/acme-dev-log-platform-tables`,
    );
  });

  test('outputs', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'athena_results_bucket',
      'athena_table_reference',
      'athena_workgroup',
      'error_bucket',
      'error_log_group',
      'firehose_role_arn',
      'firelens_config_bucket',
      'firelens_config_objects',
      'glue_catalog_arn',
      'named_query_ids',
      'stream_arn',
      'stream_name',
      'table_arn',
      'table_bucket_arn',
    ]);
    expect(json.output.athena_table_reference.value).toEqual({
      catalog: 's3tablescatalog/acme-dev-log-platform-tables',
      database: 'logs',
      table: 'some_api_logs',
    });
    expect(json.output.table_arn.value).toBe('${aws_s3tables_table.table_43360BC0.arn}');
    expect(json.output.stream_name.value).toBe('${aws_kinesis_firehose_delivery_stream.delivery_stream_036AB1BA.name}');
    expect(json.output.named_query_ids.value).toEqual({
      'counts-by-level-and-container': '${aws_athena_named_query.athena_query-counts-by-level-and-container_F267BC5A.id}',
      'errors-last-hour': '${aws_athena_named_query.athena_query-errors-last-hour_9E12EB66.id}',
      'raw-log-fields': '${aws_athena_named_query.athena_query-raw-log-fields_3CA50361.id}',
      'recent-logs': '${aws_athena_named_query.athena_query-recent-logs_1D6B15E3.id}',
      'request-trace': '${aws_athena_named_query.athena_query-request-trace_87BEE3E5.id}',
    });
  });

  test('synth is byte-identical across runs', () => {
    const a = Testing.synth(new LogPlatformStack(Testing.app(), { config: envConfig() }));
    const b = Testing.synth(new LogPlatformStack(Testing.app(), { config: envConfig() }));
    expect(a).toBe(b);
    expect(a).not.toMatch(/\/work\/|\/tmp\/|\/home\//);
  });

  test('emulator mode passes the endpoint to both local-exec steps', () => {
    const { json: emu } = synthStack({}, { emulatorEndpoint: 'http://127.0.0.1:5000' });
    expect(byPrefix(emu, 'null_resource', 'firehose-grant').triggers.endpoint_url).toBe('http://127.0.0.1:5000');
    expect(byPrefix(emu, 'null_resource', 'analytics-integration').triggers.endpoint_url).toBe('http://127.0.0.1:5000');
  });

  test('analyticsIntegration "existing" manages neither registration nor catalog', () => {
    const { json: existing } = synthStack({ analyticsIntegration: 'existing' });
    expect(resourcesOf(existing, 'aws_lakeformation_resource')).toEqual({});
    expect(Object.keys(resourcesOf(existing, 'null_resource'))).toEqual(['firehose-grant_AA238F89']);
    expect(byPrefix(existing, 'null_resource', 'firehose-grant').depends_on).toEqual(['aws_s3tables_table.table_43360BC0']);
  });

  test('lakeFormationGrant "native" swaps the null_resource for aws_lakeformation_permissions', () => {
    const { json: native } = synthStack({
      lakeFormationGrant: 'native',
      lakeFormationPermissions: ['SELECT', 'INSERT', 'DESCRIBE'],
    });
    expect(Object.keys(resourcesOf(native, 'null_resource'))).toEqual(['analytics-integration_catalog_951C2AB1']);
    const perms = only(native, 'aws_lakeformation_permissions');
    expect(perms.permissions).toEqual(['SELECT', 'INSERT', 'DESCRIBE']);
    expect(perms.table).toEqual({
      catalog_id: `${ACCOUNT}:s3tablescatalog/acme-dev-log-platform-tables`,
      database_name: 'logs',
      name: 'some_api_logs',
    });
    expect(only(native, 'aws_kinesis_firehose_delivery_stream').depends_on).toContain(
      'aws_lakeformation_permissions.firehose-grant_permissions_2722C192',
    );
  });

  test('demo ECS task and service only when a cluster and subnets are configured', () => {
    const { json: demo } = synthStack({
      demo: { cluster: 'acme-dev', subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] },
    });
    const service = only(demo, 'aws_ecs_service');
    expect(service).toMatchObject({
      name: 'acme-dev-log-platform-demo',
      cluster: 'acme-dev',
      launch_type: 'FARGATE',
      desired_count: 1,
      network_configuration: {
        subnets: ['subnet-0123456789abcdef0'],
        security_groups: ['sg-0123456789abcdef0'],
        assign_public_ip: false,
      },
    });
    const task = only(demo, 'aws_ecs_task_definition');
    expect(task).toMatchObject({
      family: 'acme-dev-log-platform-demo',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    });
    expect(byPrefix(demo, 'aws_cloudwatch_log_group', 'router-logs')).toEqual({
      name: '/ecs/acme-dev-log-platform-demo/log-router',
      retention_in_days: 30,
    });
    const router = JSON.stringify(task.container_definitions);
    expect(router).toContain('awslogs-group');
  });

  test.each([
    [{ namespace: 'Logs' }, 'environments.dev.apps.log-platform.namespace: [s3tables.namespace]'],
    [{ namespace: 'aws_logs' }, 'environments.dev.apps.log-platform.namespace: [s3tables.namespace]'],
    [{ tableName: 'some-api-logs' }, 'environments.dev.apps.log-platform.tableName: [s3tables.table]'],
    [
      { extraColumns: [{ name: 'User', type: 'string' }] },
      'environments.dev.apps.log-platform.extraColumns[0].name: [logSchema.columnName]',
    ],
    [
      { extraColumns: [{ name: 'level', type: 'string' }] },
      'environments.dev.apps.log-platform.extraColumns[0].name: [logSchema.uniqueColumns]',
    ],
    [{ buffering: { intervalSeconds: 901 } }, 'environments.dev.apps.log-platform.buffering.intervalSeconds'],
    [{ athena: { bytesScannedCutoff: 1000 } }, 'environments.dev.apps.log-platform.athena.bytesScannedCutoff'],
    [{ lakeFormationPermissions: ['SUPER'] }, 'environments.dev.apps.log-platform.lakeFormationPermissions.0'],
    [{ demo: { cluster: 'c', subnets: ['vpc-1'] } }, 'environments.dev.apps.log-platform.demo.subnets.0'],
    [{ unknownKey: true }, 'environments.dev.apps.log-platform'],
  ])('config %p is refused at synth: %s', (app, message) => {
    expect(() => synthStack(app)).toThrow(message);
  });

  test('names that outgrow a service rule fail at synth with the rule named', () => {
    expect(() => synthStack({}, { project: 'awsome' })).toThrow(/^name\(tables\): \[s3tables\.bucket\]/);
    expect(() => synthStack({}, { project: 'a-very-long-project', name: 'environment-number1' })).toThrow(
      /^name\(athena-results\): \[s3\.bucket\]/,
    );
  });
});

describe('LogPlatformStack.grantQuery (for readers such as the MCP Lambda)', () => {
  test('adds the query statements and a SELECT/DESCRIBE grant, also from another stack of the app', () => {
    const app = Testing.app();
    const logs = new LogPlatformStack(app, { config: envConfig() });
    const consumer = new TerraformStack(app, 'consumer');
    new AwsProvider(consumer, 'aws', { region: 'eu-west-1' });
    new NullProvider(consumer, 'null');
    const role = new ServiceRole(consumer, 'reader', {
      roleName: 'reader',
      servicePrincipal: 'lambda.amazonaws.com',
      sourceAccount: '111122223333',
    });
    const grant = logs.grantQuery(consumer, 'reader-grant', role);
    expect(grant.mode).toBe('local-exec');
    const json = JSON.parse(Testing.synth(consumer));
    const nullResource = only(json, 'null_resource');
    expect(nullResource.triggers).toMatchObject({
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'SELECT,DESCRIBE',
    });
    expect(nullResource.depends_on).toBeUndefined();
    const statements = decodeJsonencode(only(json, 'aws_iam_role_policy').policy).Statement.map((s: { Sid: string }) => s.Sid);
    expect(statements).toEqual(['AthenaWorkgroupQueries', 'AthenaResults', 'GlueReadLogTable', 'LakeFormationDataAccess']);
  });
});
