import { LogSchema } from '@aws-log-mcp/log-contract';
import { Template } from '@aws-log-mcp/testing';
import { S3TablesNamespace } from '@cdktf/provider-aws/lib/s3tables-namespace';
import { S3TablesTable } from '@cdktf/provider-aws/lib/s3tables-table';
import { S3TablesTableBucket } from '@cdktf/provider-aws/lib/s3tables-table-bucket';
import { LogTable, LogTableProps } from '../src/log-table';
import { constructStack, DEV_TABLE } from './support/synth';

function build(props: Partial<LogTableProps> = {}): { table: LogTable; t: Template } {
  const stack = constructStack();
  const table = new LogTable(stack, 'logs', {
    location: DEV_TABLE,
    schema: LogSchema.withExtraColumns([{ name: 'http_status', type: 'int' }]),
    ...props,
  });
  return { table, t: Template.synth(stack) };
}

describe('LogTable', () => {
  const { table, t } = build();

  test('three resources named after the construct: aws_s3tables_*.logs', () => {
    expect(t.addresses()).toEqual(['aws_s3tables_namespace.logs', 'aws_s3tables_table.logs', 'aws_s3tables_table_bucket.logs']);
  });

  test('table bucket with explicit encryption and unreferenced-file removal', () => {
    expect(t.resource(S3TablesTableBucket, 'logs')).toEqual({
      name: 'acme-dev-log-platform-tables',
      // Object attributes set by override: every key present, kms_key_arn an explicit null.
      encryption_configuration: { sse_algorithm: 'AES256', kms_key_arn: '${null}' },
      maintenance_configuration: {
        iceberg_unreferenced_file_removal: { status: 'enabled', settings: { unreferenced_days: 3, non_current_days: 10 } },
      },
    });
    expect(t.resource(S3TablesNamespace, 'logs')).toEqual({
      namespace: 'logs',
      table_bucket_arn: '${aws_s3tables_table_bucket.logs.arn}',
    });
  });

  test('Iceberg table with the contract schema, compaction and snapshot management', () => {
    const tbl = t.resource(S3TablesTable, 'logs');
    expect(tbl.name).toBe('some_api_logs');
    expect(tbl.format).toBe('ICEBERG');
    expect(tbl.namespace).toBe('${aws_s3tables_namespace.logs.namespace}');
    expect(tbl.encryption_configuration).toEqual({ sse_algorithm: 'AES256', kms_key_arn: '${null}' });
    expect(tbl.maintenance_configuration).toEqual({
      iceberg_compaction: { status: 'enabled', settings: { target_file_size_mb: 512 } },
      iceberg_snapshot_management: { status: 'enabled', settings: { max_snapshot_age_hours: 120, min_snapshots_to_keep: 1 } },
    });
    expect(tbl.metadata[0].iceberg[0].schema[0].field).toEqual([
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
    expect(table.athenaTableName).toEqual({
      catalog: 's3tablescatalog/acme-dev-log-platform-tables',
      database: 'logs',
      table: 'some_api_logs',
    });
  });

  test('custom namespace, table, maintenance and address name', () => {
    const { t: custom } = build({
      addressName: 'billing',
      location: { ...DEV_TABLE, namespace: 'app_logs', tableName: 'billing' },
      maintenance: {
        compactionTargetFileSizeMiB: 128,
        snapshotMaxAgeHours: 48,
        minSnapshotsToKeep: 3,
        unreferencedDays: 5,
        nonCurrentDays: 7,
      },
    });
    expect(custom.resource(S3TablesNamespace, 'billing').namespace).toBe('app_logs');
    expect(
      custom.resource(S3TablesTable, 'billing').maintenance_configuration.iceberg_compaction.settings.target_file_size_mb,
    ).toBe(128);
  });
});
