import { S3TablesNamespace } from '@cdktf/provider-aws/lib/s3tables-namespace';
import { S3TablesTable } from '@cdktf/provider-aws/lib/s3tables-table';
import { S3TablesTableBucket } from '@cdktf/provider-aws/lib/s3tables-table-bucket';
import { assertName, S3_TABLE_BUCKET_NAME, S3_TABLES_NAMESPACE, S3_TABLES_TABLE } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import { LogSchema } from './log-schema';
import { wholeNumber } from './validation';

export interface TableMaintenance {
  /** Target size of compacted data files, 64-512 MiB (default 512). */
  readonly compactionTargetFileSizeMiB?: number;
  /** Snapshots older than this are expired (default 120 hours). */
  readonly snapshotMaxAgeHours?: number;
  /** Snapshots always kept (default 1). */
  readonly minSnapshotsToKeep?: number;
  /** Days before unreferenced files are marked non-current (default 3). */
  readonly unreferencedDays?: number;
  /** Days before non-current files are deleted (default 10). */
  readonly nonCurrentDays?: number;
}

export interface LogTableProps {
  /** Table bucket name (`ResourceNames.s3TableBucket`). */
  readonly tableBucketName: string;
  /** Namespace, also the Athena database (default `logs`). */
  readonly namespace?: string;
  /** Table name (default `some_api_logs`). */
  readonly tableName?: string;
  /** The schema contract; its columns become the Iceberg schema. */
  readonly schema: LogSchema;
  readonly maintenance?: TableMaintenance;
  /** Field path used in validation errors (e.g. `environments.dev.apps.log-platform`). */
  readonly configPath?: string;
}

/**
 * The Iceberg log table: an S3 table bucket, a namespace and a table whose schema comes
 * from the schema contract, with encryption and every maintenance job set explicitly
 * (compaction and snapshot expiry on the table, unreferenced-file removal on the bucket).
 */
export class LogTable extends Construct {
  readonly tableBucket: S3TablesTableBucket;
  readonly namespace: S3TablesNamespace;
  readonly table: S3TablesTable;
  readonly namespaceName: string;
  readonly tableName: string;
  readonly tableBucketName: string;

  constructor(scope: Construct, id: string, props: LogTableProps) {
    super(scope, id);
    const at = props.configPath ?? id;
    this.tableBucketName = assertName(S3_TABLE_BUCKET_NAME, props.tableBucketName, `${at}.tableBucketName`);
    this.namespaceName = assertName(S3_TABLES_NAMESPACE, props.namespace ?? 'logs', `${at}.namespace`);
    this.tableName = assertName(S3_TABLES_TABLE, props.tableName ?? 'some_api_logs', `${at}.tableName`);
    const m = props.maintenance ?? {};
    const targetFileSize = wholeNumber(
      m.compactionTargetFileSizeMiB ?? 512,
      64,
      512,
      `${at}.maintenance.compactionTargetFileSizeMiB`,
      's3tables.maintenance',
    );
    const maxSnapshotAge = wholeNumber(
      m.snapshotMaxAgeHours ?? 120,
      1,
      2_147_483_647,
      `${at}.maintenance.snapshotMaxAgeHours`,
      's3tables.maintenance',
    );
    const minSnapshots = wholeNumber(
      m.minSnapshotsToKeep ?? 1,
      1,
      2_147_483_647,
      `${at}.maintenance.minSnapshotsToKeep`,
      's3tables.maintenance',
    );
    const unreferencedDays = wholeNumber(
      m.unreferencedDays ?? 3,
      1,
      2_147_483_647,
      `${at}.maintenance.unreferencedDays`,
      's3tables.maintenance',
    );
    const nonCurrentDays = wholeNumber(
      m.nonCurrentDays ?? 10,
      1,
      2_147_483_647,
      `${at}.maintenance.nonCurrentDays`,
      's3tables.maintenance',
    );

    // encryption_configuration and maintenance_configuration are object *attributes* in the
    // provider schema, but cdktf 0.21 writes them as blocks in the HCL rendering (which then
    // fails to validate) and drops the unset kms_key_arn that an object attribute needs. Raw
    // overrides render as attributes in both the JSON and the HCL output; `${null}` is a null
    // the HCL renderer can print (a literal null crashes it).
    const sseS3 = { sse_algorithm: 'AES256', kms_key_arn: '${null}' };
    this.tableBucket = new S3TablesTableBucket(this, 'bucket', { name: this.tableBucketName });
    this.tableBucket.addOverride('encryption_configuration', sseS3);
    this.tableBucket.addOverride('maintenance_configuration', {
      iceberg_unreferenced_file_removal: {
        status: 'enabled',
        settings: { unreferenced_days: unreferencedDays, non_current_days: nonCurrentDays },
      },
    });
    this.namespace = new S3TablesNamespace(this, 'namespace', {
      tableBucketArn: this.tableBucket.arn,
      namespace: this.namespaceName,
    });
    this.table = new S3TablesTable(this, 'table', {
      tableBucketArn: this.tableBucket.arn,
      namespace: this.namespace.namespace,
      name: this.tableName,
      format: 'ICEBERG',
      metadata: [{ iceberg: [{ schema: [{ field: props.schema.icebergFields() }] }] }],
    });
    this.table.addOverride('encryption_configuration', sseS3);
    this.table.addOverride('maintenance_configuration', {
      iceberg_compaction: { status: 'enabled', settings: { target_file_size_mb: targetFileSize } },
      iceberg_snapshot_management: {
        status: 'enabled',
        settings: { max_snapshot_age_hours: maxSnapshotAge, min_snapshots_to_keep: minSnapshots },
      },
    });
  }

  get tableArn(): string {
    return this.table.arn;
  }

  get tableBucketArn(): string {
    return this.tableBucket.arn;
  }

  /** `"s3tablescatalog/<bucket>"."<namespace>"."<table>"`: how Athena names the table. */
  get athenaTableReference(): string {
    return `"s3tablescatalog/${this.tableBucketName}"."${this.namespaceName}"."${this.tableName}"`;
  }
}
