import { S3TablesNamespace } from '@cdktf/provider-aws/lib/s3tables-namespace';
import { S3TablesTable } from '@cdktf/provider-aws/lib/s3tables-table';
import { S3TablesTableBucket } from '@cdktf/provider-aws/lib/s3tables-table-bucket';
import {
  athenaTableName,
  AthenaTableName,
  athenaTableReference,
  DEFAULT_TABLE_LAYOUT,
  LogSchema,
  LogTableLocation,
  TableLayout,
} from '@aws-log-mcp/log-contract';
import { AddressableProps, addressNameOf, setAddress, setObjectAttribute, TERRAFORM_NULL } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

/** Iceberg maintenance of the table and its bucket (S3 User Guide, "Maintenance for tables"). */
export interface TableMaintenance {
  /** Target size of compacted data files, 64-512 MiB. @default 512 */
  readonly compactionTargetFileSizeMiB?: number;
  /** Snapshots older than this are expired, in hours (>= 1). @default 120 */
  readonly snapshotMaxAgeHours?: number;
  /** Snapshots always kept (>= 1). @default 1 */
  readonly minSnapshotsToKeep?: number;
  /** Days before unreferenced files are marked non-current (>= 1). @default 3 */
  readonly unreferencedDays?: number;
  /** Days before non-current files are deleted (>= 1). @default 10 */
  readonly nonCurrentDays?: number;
}

export interface LogTableProps extends AddressableProps {
  /**
   * Table bucket, namespace (also the Athena database) and table name, as the log contract names
   * them; the config schema checks the S3 Tables naming rules.
   */
  readonly location: LogTableLocation;
  /** The schema contract; its columns become the Iceberg schema. */
  readonly schema: LogSchema;
  /** @default every maintenance job with its default (see {@link TableMaintenance}) */
  readonly maintenance?: TableMaintenance;
  /**
   * Partition spec and sort order, validated against `schema` by the caller
   * (`validateTableLayout`). @default `day(timestamp)`, `timestamp` ascending
   */
  readonly layout?: TableLayout;
  /**
   * `prevent_destroy` on the table: Terraform refuses any plan that would destroy it. Turn off
   * only for throw-away environments. @default true
   */
  readonly protect?: boolean;
}

/**
 * The Iceberg log table: an S3 table bucket, a namespace and a table whose schema comes
 * from the schema contract, with encryption and every maintenance job set explicitly
 * (compaction and snapshot expiry on the table, unreferenced-file removal on the bucket).
 *
 * The table is created once with the contract's schema and never replaced by a config change:
 * the provider marks `metadata` as forcing replacement (which would delete every row), so
 * `metadata` is in `ignore_changes` and later schema, partition and sort changes are applied in
 * place by {@link LogTableMetadataStep}. `prevent_destroy` guards it unless `protect` is false.
 * Addresses: `aws_s3tables_table_bucket.<name>`, `aws_s3tables_namespace.<name>`,
 * `aws_s3tables_table.<name>`.
 */
export class LogTable extends Construct {
  readonly tableBucket: S3TablesTableBucket;
  readonly namespace: S3TablesNamespace;
  readonly table: S3TablesTable;
  readonly location: LogTableLocation;
  readonly schema: LogSchema;
  readonly layout: TableLayout;

  constructor(scope: Construct, id: string, props: LogTableProps) {
    super(scope, id);
    this.location = props.location;
    this.schema = props.schema;
    this.layout = props.layout ?? DEFAULT_TABLE_LAYOUT;
    const m = props.maintenance ?? {};
    const name = addressNameOf(id, props);

    const sseS3 = { sse_algorithm: 'AES256', kms_key_arn: TERRAFORM_NULL };
    this.tableBucket = setAddress(new S3TablesTableBucket(this, 'bucket', { name: props.location.tableBucketName }), name);
    setObjectAttribute(this.tableBucket, 'encryption_configuration', sseS3);
    setObjectAttribute(this.tableBucket, 'maintenance_configuration', {
      iceberg_unreferenced_file_removal: {
        status: 'enabled',
        settings: { unreferenced_days: m.unreferencedDays ?? 3, non_current_days: m.nonCurrentDays ?? 10 },
      },
    });
    this.namespace = setAddress(
      new S3TablesNamespace(this, 'namespace', { tableBucketArn: this.tableBucket.arn, namespace: props.location.namespace }),
      name,
    );
    this.table = setAddress(
      new S3TablesTable(this, 'table', {
        tableBucketArn: this.tableBucket.arn,
        namespace: this.namespace.namespace,
        name: props.location.tableName,
        format: 'ICEBERG',
        metadata: [{ iceberg: [{ schema: [{ field: props.schema.icebergFields() }] }] }],
        lifecycle: {
          // The provider replaces the table when `metadata` changes; the table step evolves it instead.
          ignoreChanges: ['metadata'],
          preventDestroy: props.protect ?? true,
        },
      }),
      name,
    );
    setObjectAttribute(this.table, 'encryption_configuration', sseS3);
    setObjectAttribute(this.table, 'maintenance_configuration', {
      iceberg_compaction: { status: 'enabled', settings: { target_file_size_mb: m.compactionTargetFileSizeMiB ?? 512 } },
      iceberg_snapshot_management: {
        status: 'enabled',
        settings: { max_snapshot_age_hours: m.snapshotMaxAgeHours ?? 120, min_snapshots_to_keep: m.minSnapshotsToKeep ?? 1 },
      },
    });
  }

  get tableArn(): string {
    return this.table.arn;
  }

  get tableBucketArn(): string {
    return this.tableBucket.arn;
  }

  /** The table as Athena names it (catalog `s3tablescatalog/<bucket>`). */
  get athenaTableName(): AthenaTableName {
    return athenaTableName(this.location);
  }

  /** `"s3tablescatalog/<bucket>"."<namespace>"."<table>"`: how Athena SQL names the table. */
  get athenaTableReference(): string {
    return athenaTableReference(this.athenaTableName);
  }
}
