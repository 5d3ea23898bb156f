import { ServiceRole } from '@aws-log-mcp/shared';
import { Testing } from 'cdktf';
import { LogPlatformStack } from '../src/stack';
import { ACCOUNT, decodeJsonencode, envConfig, only, PARTITION, resourcesOf, synthStack } from './support/synth';

const REGION = 'eu-west-1';
const res = (json: Record<string, any>, type: string, name: string) => resourcesOf(json, type)[name];

describe('LogPlatformStack', () => {
  const { json } = synthStack();

  test('only emulator-safe data sources', () => {
    // The region is the provider's, from config: no aws_region data source.
    expect(Object.keys(json.data).sort()).toEqual(['aws_caller_identity', 'aws_partition']);
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
      schedules: count('aws_scheduler_schedule'),
      lfResource: count('aws_lakeformation_resource'),
      lfPermissions: count('aws_lakeformation_permissions'),
      ecsService: count('aws_ecs_service'),
    }).toEqual({
      tableBucket: 1,
      namespace: 1,
      table: 1,
      stream: 1,
      // the analysts' workgroup and the retention workgroup
      workgroup: 2,
      namedQueries: 5,
      buckets: 3,
      // federated catalog, Firehose grant, table metadata step, retention grant
      nullResources: 4,
      schedules: 1,
      lfResource: 1,
      lfPermissions: 0,
      ecsService: 0,
    });
  });

  test('the grant targets the Firehose role on the table and waits for the catalog; the stream waits for the grant', () => {
    const grant = res(json, 'null_resource', 'firehose_lakeformation_grant');
    expect(grant.triggers).toEqual({
      principal_arn: '${aws_iam_role.firehose.arn}',
      catalog_id: `${ACCOUNT}:s3tablescatalog/acme-dev-log-platform-tables`,
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'ALL',
      region: REGION,
      endpoint_url: '',
    });
    // A recreated table (new ARN) is granted again; not a trigger, so a deployed grant is not
    // replaced (revoked, then granted) when this is added.
    expect(grant.lifecycle).toEqual({ replace_triggered_by: ['aws_s3tables_table.logs.arn'] });
    expect(grant.depends_on).toEqual(['aws_s3tables_table.logs', 'null_resource.analytics_integration_catalog']);
    const stream = only(json, 'aws_kinesis_firehose_delivery_stream');
    expect(stream.depends_on).toEqual([
      'aws_iam_role_policy.firehose',
      'null_resource.firehose_lakeformation_grant',
      'null_resource.logs_table_metadata',
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
      'retention_schedule_arn',
      'retention_workgroup',
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
    expect(json.output.table_arn.value).toBe('${aws_s3tables_table.logs.arn}');
    expect(json.output.stream_name.value).toBe('${aws_kinesis_firehose_delivery_stream.firehose.name}');
    expect(json.output.named_query_ids.value).toEqual({
      'counts-by-level-and-container': '${aws_athena_named_query.counts_by_level_and_container.id}',
      'errors-last-hour': '${aws_athena_named_query.errors_last_hour.id}',
      'raw-log-fields': '${aws_athena_named_query.raw_log_fields.id}',
      'recent-logs': '${aws_athena_named_query.recent_logs.id}',
      'request-trace': '${aws_athena_named_query.request_trace.id}',
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
    expect(res(emu, 'null_resource', 'firehose_lakeformation_grant').triggers.endpoint_url).toBe('http://127.0.0.1:5000');
    expect(res(emu, 'null_resource', 'analytics_integration_catalog').triggers.endpoint_url).toBe('http://127.0.0.1:5000');
  });

  test('analyticsIntegration "existing" manages neither registration nor catalog', () => {
    const { json: existing } = synthStack({ analyticsIntegration: 'existing' });
    expect(resourcesOf(existing, 'aws_lakeformation_resource')).toEqual({});
    expect(Object.keys(resourcesOf(existing, 'null_resource')).sort()).toEqual([
      'firehose_lakeformation_grant',
      'logs_table_metadata',
      'retention_lakeformation_grant',
    ]);
    expect(res(existing, 'null_resource', 'firehose_lakeformation_grant').depends_on).toEqual(['aws_s3tables_table.logs']);
  });

  test('lakeFormationGrant "native" swaps the null_resource for aws_lakeformation_permissions', () => {
    const { json: native } = synthStack({
      lakeFormationGrant: 'native',
      lakeFormationPermissions: ['SELECT', 'INSERT', 'DESCRIBE'],
    });
    // The table step stays: schema evolution has no native resource.
    expect(Object.keys(resourcesOf(native, 'null_resource')).sort()).toEqual([
      'analytics_integration_catalog',
      'logs_table_metadata',
    ]);
    expect(Object.keys(resourcesOf(native, 'aws_lakeformation_permissions')).sort()).toEqual([
      'firehose_lakeformation_grant',
      'retention_lakeformation_grant',
    ]);
    const perms = res(native, 'aws_lakeformation_permissions', 'firehose_lakeformation_grant');
    expect(perms.permissions).toEqual(['SELECT', 'INSERT', 'DESCRIBE']);
    expect(perms.table).toEqual({
      catalog_id: `${ACCOUNT}:s3tablescatalog/acme-dev-log-platform-tables`,
      database_name: 'logs',
      name: 'some_api_logs',
    });
    expect(only(native, 'aws_kinesis_firehose_delivery_stream').depends_on).toContain(
      'aws_lakeformation_permissions.firehose_lakeformation_grant',
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
    expect(res(demo, 'aws_cloudwatch_log_group', 'demo_log_router')).toEqual({
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
      'environments.dev.apps.log-platform.extraColumns.0.name: [logSchema.columnName]',
    ],
    [
      { extraColumns: [{ name: 'level', type: 'string' }] },
      'environments.dev.apps.log-platform.extraColumns.0.name: [logSchema.uniqueColumns]',
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

describe('LogPlatformStack.grantRead (a reader in the same stack)', () => {
  test("adds the log contract's read statements and a SELECT/DESCRIBE grant that waits for the table", () => {
    const logs = new LogPlatformStack(Testing.app(), { config: envConfig() });
    const role = new ServiceRole(logs, 'reader', { roleName: 'reader', servicePrincipal: 'lambda.amazonaws.com' });
    const grant = logs.grantRead('reader-lakeformation-grant', role);
    expect(grant.lakeFormationGrant.mode).toBe('local-exec');
    expect(grant.statements.map((s) => s.sid)).toEqual([
      'AthenaWorkgroupQueries',
      'AthenaResults',
      'GlueReadLogTable',
      'LakeFormationDataAccess',
    ]);
    const json = JSON.parse(Testing.synth(logs));
    const nullResource = res(json, 'null_resource', 'reader_lakeformation_grant');
    expect(nullResource.triggers).toMatchObject({
      principal_arn: '${aws_iam_role.reader.arn}',
      database_name: 'logs',
      table_name: 'some_api_logs',
      permissions: 'SELECT,DESCRIBE',
    });
    expect(nullResource.depends_on).toEqual(['aws_s3tables_table.logs']);
    const statements = decodeJsonencode(res(json, 'aws_iam_role_policy', 'reader').policy).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(grant.statements.map((s) => s.sid));
    expect(statements[1].Resource).toEqual([
      '${aws_s3_bucket.athena_results.arn}',
      '${aws_s3_bucket.athena_results.arn}/results/*',
    ]);
  });
});
