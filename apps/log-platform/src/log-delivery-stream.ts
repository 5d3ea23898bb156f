import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import {
  assertName,
  FIREHOSE_STREAM_NAME,
  ManagedLogGroup,
  PolicyStatement,
  SecureBucket,
  ServiceRole,
} from '@aws-log-mcp/shared';
import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { federatedCatalogArn, federatedTableGlueArns, LAKE_FORMATION_DATA_ACCESS } from './federated-table-iam';
import { wholeNumber } from './validation';

/** Anything that can take IAM statements into its policy (`ServiceRole` does). */
export interface IGrantable {
  addToPolicy(...statements: PolicyStatement[]): unknown;
}

export interface LogDeliveryStreamProps {
  /** Delivery stream name (`ResourceNames.firehoseStream`). */
  readonly streamName: string;
  /** Name of the Firehose service role. */
  readonly roleName: string;
  /** Name of the error/backup bucket (`ResourceNames.s3Bucket`, may hold the account token). */
  readonly errorBucketName: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** The destination: table bucket, namespace and table of the S3 Tables catalog. */
  readonly tableBucketName: string;
  readonly namespace: string;
  readonly tableName: string;
  /** Seconds to buffer, 0-900 (default 60). */
  readonly bufferingIntervalSeconds?: number;
  /** MiB to buffer, 1-128 (default 64). */
  readonly bufferingSizeMiB?: number;
  /** Seconds Firehose retries before a record goes to the error bucket, 0-7200 (default 300). */
  readonly retryDurationSeconds?: number;
  /** Days failed records are kept (default 30). */
  readonly errorRetentionDays?: number;
  /** Retention of the error log group (default 30). */
  readonly logRetentionDays?: number;
  /** What must exist first: the Lake Formation grant (Firehose checks access on creation). */
  readonly dependsOn?: ITerraformDependable[];
}

/** Log streams Firehose writes its delivery errors to. */
export const DESTINATION_LOG_STREAM = 'DestinationDelivery';
export const BACKUP_LOG_STREAM = 'BackupDelivery';
/** Prefix of records the table rejected; `!{...}` are Firehose expressions, resolved per record. */
export const ERROR_OUTPUT_PREFIX = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';

/**
 * Amazon Data Firehose into the Iceberg table through the `s3tablescatalog` federation, with
 * nothing lost silently: records the table rejects land in an encrypted, lifecycle-expired
 * error bucket, and delivery errors go to a CloudWatch log group. The service role has only
 * what an S3 Tables destination needs, scoped to this catalog, namespace, table, bucket and
 * log group, and trusts Firehose for this account and stream only.
 */
export class LogDeliveryStream extends Construct {
  readonly stream: KinesisFirehoseDeliveryStream;
  readonly role: ServiceRole;
  readonly errorBucket: SecureBucket;
  readonly logGroup: ManagedLogGroup;
  /** `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`. */
  readonly catalogArn: string;

  constructor(scope: Construct, id: string, props: LogDeliveryStreamProps) {
    super(scope, id);
    assertName(FIREHOSE_STREAM_NAME, props.streamName, `${id}.streamName`);
    const interval = wholeNumber(
      props.bufferingIntervalSeconds ?? 60,
      0,
      900,
      `${id}.bufferingIntervalSeconds`,
      'firehose.range',
    );
    const size = wholeNumber(props.bufferingSizeMiB ?? 64, 1, 128, `${id}.bufferingSizeMiB`, 'firehose.range');
    const retry = wholeNumber(props.retryDurationSeconds ?? 300, 0, 7200, `${id}.retryDurationSeconds`, 'firehose.range');
    const { partition, region, accountId, tableBucketName, namespace, tableName } = props;
    const location = { partition, region, accountId, tableBucketName, namespace, tableName };
    this.catalogArn = federatedCatalogArn(location);

    this.errorBucket = new SecureBucket(this, 'errors', {
      bucketName: props.errorBucketName,
      expirationDays: props.errorRetentionDays ?? 30,
    });
    this.logGroup = new ManagedLogGroup(this, 'logs', {
      name: `/aws/kinesisfirehose/${props.streamName}`,
      retentionInDays: props.logRetentionDays ?? 30,
    });
    for (const name of [DESTINATION_LOG_STREAM, BACKUP_LOG_STREAM]) {
      new CloudwatchLogStream(this, `log-stream-${name}`, { name, logGroupName: this.logGroup.name });
    }

    this.role = new ServiceRole(this, 'role', {
      roleName: props.roleName,
      servicePrincipal: 'firehose.amazonaws.com',
      sourceAccount: accountId,
      sourceArn: `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${props.streamName}`,
      description: `Firehose delivery into ${namespace}.${tableName} of S3 table bucket ${tableBucketName}`,
    });
    this.role.addToPolicy(
      {
        sid: 'GlueFederatedTable',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
        resources: federatedTableGlueArns(location),
      },
      LAKE_FORMATION_DATA_ACCESS,
      { ...this.errorBucket.grantReadWrite(), sid: 'ErrorBucket' },
      {
        sid: 'DeliveryErrorLogs',
        actions: ['logs:PutLogEvents'],
        resources: [DESTINATION_LOG_STREAM, BACKUP_LOG_STREAM].map((s) => `${this.logGroup.arn}:log-stream:${s}`),
      },
    );

    const logging = (stream: string) => ({ enabled: true, logGroupName: this.logGroup.name, logStreamName: stream });
    this.stream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: props.streamName,
      destination: 'iceberg',
      serverSideEncryption: { enabled: true, keyType: 'AWS_OWNED_CMK' },
      icebergConfiguration: {
        roleArn: this.role.roleArn,
        catalogArn: this.catalogArn,
        bufferingInterval: interval,
        bufferingSize: size,
        retryDuration: retry,
        appendOnly: true,
        s3BackupMode: 'FailedDataOnly',
        destinationTableConfiguration: [{ databaseName: namespace, tableName, s3ErrorOutputPrefix: 'table-errors/' }],
        cloudwatchLoggingOptions: logging(DESTINATION_LOG_STREAM),
        s3Configuration: {
          bucketArn: this.errorBucket.arn,
          roleArn: this.role.roleArn,
          prefix: 'backup/',
          errorOutputPrefix: ERROR_OUTPUT_PREFIX,
          compressionFormat: 'GZIP',
          bufferingInterval: 300,
          bufferingSize: 5,
          cloudwatchLoggingOptions: logging(BACKUP_LOG_STREAM),
        },
      },
      // Firehose validates its access to the catalog and table when the stream is created.
      dependsOn: [...(this.role.policyResource ? [this.role.policyResource] : []), ...(props.dependsOn ?? [])],
    });
  }

  get streamArn(): string {
    return this.stream.arn;
  }

  get streamName(): string {
    return this.stream.name;
  }

  /** Makes the stream wait for `target` (e.g. a grant created after this construct). */
  addDependency(target: ITerraformDependable): void {
    this.stream.dependsOn = [...(this.stream.dependsOn ?? []), dependable(target)];
  }

  /** Statement allowing `actions` (default `PutRecordBatch`, what FireLens uses) on this stream only. */
  putStatement(actions: readonly string[] = ['firehose:PutRecordBatch']): PolicyStatement {
    return { sid: 'PutToLogStream', actions, resources: [this.stream.arn] };
  }

  /** Lets a producer (e.g. an ECS task role) put records into this stream and nothing else. */
  grantPut(grantee: IGrantable, actions: readonly string[] = ['firehose:PutRecord', 'firehose:PutRecordBatch']): void {
    grantee.addToPolicy(this.putStatement(actions));
  }
}
