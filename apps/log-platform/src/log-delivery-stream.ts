import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import {
  federatedCatalogArn,
  federatedTableGlueArns,
  FIREHOSE_PUT_ACTIONS,
  GLUE_WRITE_TABLE_ACTIONS,
  LogTableLocation,
} from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressName,
  addressNameOf,
  grant,
  Grant,
  IGrantable,
  LAKE_FORMATION_DATA_ACCESS,
  ManagedLogGroup,
  PlatformStack,
  PolicyStatement,
  SecureBucket,
  ServiceRole,
  setAddress,
} from '@aws-log-mcp/shared';
import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

export interface LogDeliveryStreamProps extends AddressableProps {
  /** Delivery stream name (`ResourceNames.firehoseStream` checks Firehose's rule). */
  readonly streamName: string;
  /** Name of the Firehose service role (`ResourceNames.iamRole`). */
  readonly roleName: string;
  /** Name of the error/backup bucket (`ResourceNames.s3Bucket`, may hold the account token). */
  readonly errorBucketName: string;
  /** The destination: table bucket, namespace and table of the S3 Tables catalog. */
  readonly table: LogTableLocation;
  /** Seconds to buffer, 0-900. @default 60 */
  readonly bufferingIntervalSeconds?: number;
  /** MiB to buffer, 1-128. @default 64 */
  readonly bufferingSizeMiB?: number;
  /** Seconds Firehose retries before a record goes to the error bucket, 0-7200. @default 300 */
  readonly retryDurationSeconds?: number;
  /** Days failed records are kept, 1-3650. @default 30 */
  readonly errorRetentionDays?: number;
  /** Days the error log group keeps events (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** What must exist first: the Lake Formation grant (Firehose checks access on creation). @default none */
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
 *
 * Addresses, for address name `n`: `aws_kinesis_firehose_delivery_stream.n`, `aws_iam_role.n`
 * (+ policy), `aws_cloudwatch_log_group.n`, `aws_cloudwatch_log_stream.n_destination_delivery` and
 * `n_backup_delivery`, and the error bucket's resources `<type>.n_errors`.
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
    const stack = PlatformStack.of(this);
    const name = addressNameOf(id, props);
    const { table } = props;
    this.catalogArn = federatedCatalogArn(stack, table.tableBucketName);

    this.errorBucket = new SecureBucket(this, 'errors', {
      addressName: `${name}_errors`,
      bucketName: props.errorBucketName,
      expirationDays: props.errorRetentionDays ?? 30,
    });
    this.logGroup = new ManagedLogGroup(this, 'logs', {
      addressName: name,
      name: `/aws/kinesisfirehose/${props.streamName}`,
      retentionInDays: props.logRetentionDays ?? 30,
    });
    for (const stream of [DESTINATION_LOG_STREAM, BACKUP_LOG_STREAM]) {
      setAddress(
        new CloudwatchLogStream(this, `log-stream-${stream}`, { name: stream, logGroupName: this.logGroup.name }),
        addressName(name, stream),
      );
    }

    this.role = new ServiceRole(this, 'role', {
      addressName: name,
      roleName: props.roleName,
      servicePrincipal: 'firehose.amazonaws.com',
      sourceArn: stack.formatArn({ service: 'firehose', resource: 'deliverystream', resourceName: props.streamName }),
      description: `Firehose delivery into ${table.namespace}.${table.tableName} of S3 table bucket ${table.tableBucketName}`,
    });
    this.role.addToPolicy(
      { sid: 'GlueFederatedTable', actions: GLUE_WRITE_TABLE_ACTIONS, resources: federatedTableGlueArns(stack, table) },
      LAKE_FORMATION_DATA_ACCESS,
    );
    this.errorBucket.grantReadWrite(this.role, { sid: 'ErrorBucket' });
    this.role.addToPolicy({
      sid: 'DeliveryErrorLogs',
      actions: ['logs:PutLogEvents'],
      resources: [DESTINATION_LOG_STREAM, BACKUP_LOG_STREAM].map((s) => `${this.logGroup.arn}:log-stream:${s}`),
    });

    const logging = (stream: string) => ({ enabled: true, logGroupName: this.logGroup.name, logStreamName: stream });
    this.stream = setAddress(
      new KinesisFirehoseDeliveryStream(this, 'stream', {
        name: props.streamName,
        destination: 'iceberg',
        serverSideEncryption: { enabled: true, keyType: 'AWS_OWNED_CMK' },
        icebergConfiguration: {
          roleArn: this.role.roleArn,
          catalogArn: this.catalogArn,
          bufferingInterval: props.bufferingIntervalSeconds ?? 60,
          bufferingSize: props.bufferingSizeMiB ?? 64,
          retryDuration: props.retryDurationSeconds ?? 300,
          appendOnly: true,
          s3BackupMode: 'FailedDataOnly',
          destinationTableConfiguration: [
            { databaseName: table.namespace, tableName: table.tableName, s3ErrorOutputPrefix: 'table-errors/' },
          ],
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
      }),
      name,
    );
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

  /** Putting records into this stream and nothing else; `actions` default to `PutRecord` and `PutRecordBatch`. */
  putStatements(actions: readonly string[] = FIREHOSE_PUT_ACTIONS): PolicyStatement[] {
    return [{ sid: 'PutToLogStream', actions, resources: [this.stream.arn] }];
  }

  /** Lets a producer (e.g. an ECS task role) put records into this stream and nothing else. */
  grantPut(grantee: IGrantable, actions: readonly string[] = FIREHOSE_PUT_ACTIONS): Grant {
    return grant(grantee, this.putStatements(actions));
  }
}
