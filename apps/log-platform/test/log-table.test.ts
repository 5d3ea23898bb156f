import { Testing, TerraformStack } from 'cdktf';
import { LogSchema } from '../src/log-schema';
import { LogTable, LogTableProps } from '../src/log-table';
import { Json, only } from './support/synth';

function build(props: Partial<LogTableProps> = {}): { table: LogTable; json: Json } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const table = new LogTable(stack, 'table', {
    tableBucketName: 'acme-dev-log-platform-tables',
    schema: LogSchema.withExtraColumns([{ name: 'http_status', type: 'int' }]),
    ...props,
  });
  return { table, json: JSON.parse(Testing.synth(stack)) as Json };
}

describe('LogTable', () => {
  const { table, json } = build();

  test('table bucket with explicit encryption and unreferenced-file removal', () => {
    expect(only(json, 'aws_s3tables_table_bucket')).toEqual({
      name: 'acme-dev-log-platform-tables',
      // Object attributes set by override: every key present, kms_key_arn an explicit null.
      encryption_configuration: { sse_algorithm: 'AES256', kms_key_arn: '${null}' },
      maintenance_configuration: {
        iceberg_unreferenced_file_removal: { status: 'enabled', settings: { unreferenced_days: 3, non_current_days: 10 } },
      },
    });
    expect(only(json, 'aws_s3tables_namespace')).toEqual({
      namespace: 'logs',
      table_bucket_arn: '${aws_s3tables_table_bucket.table_bucket_C1F947EC.arn}',
    });
  });

  test('Iceberg table with the contract schema, compaction and snapshot management', () => {
    const t = only(json, 'aws_s3tables_table');
    expect(t.name).toBe('some_api_logs');
    expect(t.format).toBe('ICEBERG');
    expect(t.namespace).toBe('${aws_s3tables_namespace.table_namespace_83122611.namespace}');
    expect(t.encryption_configuration).toEqual({ sse_algorithm: 'AES256', kms_key_arn: '${null}' });
    expect(t.maintenance_configuration).toEqual({
      iceberg_compaction: { status: 'enabled', settings: { target_file_size_mb: 512 } },
      iceberg_snapshot_management: { status: 'enabled', settings: { max_snapshot_age_hours: 120, min_snapshots_to_keep: 1 } },
    });
    expect(t.metadata[0].iceberg[0].schema[0].field).toEqual([
      { name: 'container_id', type: 'string', required: false },
      { name: 'container_name', type: 'string', required: false },
      { name: 'source', type: 'string', required: false },
      { name: 'ecs_cluster', type: 'string', required: false },
      { name: 'ecs_task_arn', type: 'string', required: false },
      { name: 'ecs_task_definition', type: 'string', required: false },
      { name: 'log', type: 'string', required: false },
      { name: 'timestamp', type: 'timestamp', required: false },
      { name: 'level', type: 'string', required: false },
      { name: 'message', type: 'string', required: false },
      { name: 'request_id', type: 'string', required: false },
      { name: 'http_status', type: 'int', required: false },
    ]);
    expect(table.athenaTableReference).toBe('"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"');
  });

  test('custom namespace, table and maintenance', () => {
    const { json: custom } = build({
      namespace: 'app_logs',
      tableName: 'billing',
      maintenance: {
        compactionTargetFileSizeMiB: 128,
        snapshotMaxAgeHours: 48,
        minSnapshotsToKeep: 3,
        unreferencedDays: 5,
        nonCurrentDays: 7,
      },
    });
    expect(only(custom, 'aws_s3tables_namespace').namespace).toBe('app_logs');
    expect(only(custom, 'aws_s3tables_table').maintenance_configuration.iceberg_compaction.settings.target_file_size_mb).toBe(
      128,
    );
  });

  test.each([
    [{ tableBucketName: 'aws-tables' }, /table\.tableBucketName: \[s3tables\.bucket\]/],
    [{ tableBucketName: 'x--table-s3' }, /\[s3tables\.bucket\]/],
    [{ namespace: 'has-hyphen' }, /table\.namespace: \[s3tables\.namespace\]/],
    [{ tableName: 'Upper' }, /table\.tableName: \[s3tables\.table\]/],
    [
      { maintenance: { compactionTargetFileSizeMiB: 1024 } },
      /table\.maintenance\.compactionTargetFileSizeMiB: \[s3tables\.maintenance\]/,
    ],
    [
      { configPath: 'environments.dev.apps.log-platform', namespace: 'x-' },
      /^environments\.dev\.apps\.log-platform\.namespace: \[s3tables\.namespace\]/,
    ],
  ])('refuses %p', (props, error) => {
    expect(() => build(props)).toThrow(error);
  });
});
