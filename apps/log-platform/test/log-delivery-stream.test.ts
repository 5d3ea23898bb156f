import { S3_READ_WRITE_ACTIONS, ServiceRole } from '@aws-log-mcp/shared';
import { Template } from '@aws-log-mcp/testing';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LogDeliveryStream, LogDeliveryStreamProps } from '../src/log-delivery-stream';
import { ACCOUNT, constructStack, decodeJsonencode, DEV_TABLE, PARTITION } from './support/synth';

/** Props of a LogDeliveryStream for the dev environment. */
const PROPS: LogDeliveryStreamProps = {
  streamName: 'acme-dev-log-platform-logs',
  roleName: 'acme-dev-log-platform-firehose',
  errorBucketName: 'acme-dev-log-platform-firehose-errors-111122223333',
  table: DEV_TABLE,
};

function synth(props: Partial<LogDeliveryStreamProps> = {}, withProducer = false): Template {
  const stack = constructStack();
  const delivery = new LogDeliveryStream(stack, 'firehose', { ...PROPS, ...props });
  if (withProducer) {
    const producer = new ServiceRole(stack, 'producer', { roleName: 'producer', servicePrincipal: 'ecs-tasks.amazonaws.com' });
    delivery.grantPut(producer);
  }
  return Template.synth(stack);
}

const t = synth();
const only = (_json: unknown, type: string) => t.only(type);
const json = t.json;

describe('LogDeliveryStream', () => {
  test('iceberg destination with catalog, table, buffering, retry, error bucket and error logging', () => {
    const stream = only(json, 'aws_kinesis_firehose_delivery_stream');
    expect(stream.name).toBe('acme-dev-log-platform-logs');
    expect(stream.destination).toBe('iceberg');
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: 'AWS_OWNED_CMK' });
    const { role_arn, s3_configuration, ...iceberg } = stream.iceberg_configuration;
    expect(role_arn).toBe('${aws_iam_role.firehose.arn}');
    expect(iceberg).toEqual({
      catalog_arn: `arn:${PARTITION}:glue:eu-west-1:${ACCOUNT}:catalog/s3tablescatalog/acme-dev-log-platform-tables`,
      buffering_interval: 60,
      buffering_size: 64,
      retry_duration: 300,
      append_only: true,
      s3_backup_mode: 'FailedDataOnly',
      destination_table_configuration: [
        { database_name: 'logs', table_name: 'some_api_logs', s3_error_output_prefix: 'table-errors/' },
      ],
      cloudwatch_logging_options: {
        enabled: true,
        log_group_name: '${aws_cloudwatch_log_group.firehose.name}',
        log_stream_name: 'DestinationDelivery',
      },
    });
    expect(s3_configuration).toEqual({
      bucket_arn: '${aws_s3_bucket.firehose_errors.arn}',
      role_arn: '${aws_iam_role.firehose.arn}',
      prefix: 'backup/',
      error_output_prefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
      compression_format: 'GZIP',
      buffering_interval: 300,
      buffering_size: 5,
      cloudwatch_logging_options: {
        enabled: true,
        log_group_name: '${aws_cloudwatch_log_group.firehose.name}',
        log_stream_name: 'BackupDelivery',
      },
    });
    expect(stream.depends_on).toEqual(['aws_iam_role_policy.firehose']);
  });

  test('error bucket: encrypted, private, TLS-only, expiring', () => {
    expect(only(json, 'aws_s3_bucket').bucket).toBe('acme-dev-log-platform-firehose-errors-111122223333');
    expect(only(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      only(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default,
    ).toEqual({
      sse_algorithm: 'AES256',
    });
    expect(only(json, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 30 }]);
    expect(decodeJsonencode(only(json, 'aws_s3_bucket_policy').policy).Statement[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(only(json, 'aws_cloudwatch_log_group')).toEqual({
      name: '/aws/kinesisfirehose/acme-dev-log-platform-logs',
      retention_in_days: 30,
    });
  });

  test('role trusts Firehose for this account and stream only', () => {
    expect(decodeJsonencode(only(json, 'aws_iam_role').assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'firehose.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: {
              'aws:SourceArn': `arn:${PARTITION}:firehose:eu-west-1:${ACCOUNT}:deliverystream/acme-dev-log-platform-logs`,
            },
          },
        },
      ],
    });
  });

  test('role policy: only what an S3 Tables destination needs, on concrete ARNs', () => {
    const glue = `arn:${PARTITION}:glue:eu-west-1:${ACCOUNT}`;
    expect(decodeJsonencode(t.resource(IamRolePolicy, 'firehose').policy).Statement).toEqual([
      {
        Sid: 'GlueFederatedTable',
        Effect: 'Allow',
        Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
        Resource: [
          `${glue}:catalog`,
          `${glue}:catalog/s3tablescatalog`,
          `${glue}:catalog/s3tablescatalog/acme-dev-log-platform-tables`,
          `${glue}:database/s3tablescatalog/acme-dev-log-platform-tables/logs`,
          `${glue}:table/s3tablescatalog/acme-dev-log-platform-tables/logs/some_api_logs`,
        ],
      },
      { Sid: 'LakeFormationDataAccess', Effect: 'Allow', Action: 'lakeformation:GetDataAccess', Resource: '*' },
      {
        Sid: 'ErrorBucket',
        Effect: 'Allow',
        Action: [...S3_READ_WRITE_ACTIONS],
        Resource: ['${aws_s3_bucket.firehose_errors.arn}', '${aws_s3_bucket.firehose_errors.arn}/*'],
      },
      {
        Sid: 'DeliveryErrorLogs',
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        Resource: [
          '${aws_cloudwatch_log_group.firehose.arn}:log-stream:DestinationDelivery',
          '${aws_cloudwatch_log_group.firehose.arn}:log-stream:BackupDelivery',
        ],
      },
    ]);
  });

  test('grantPut gives a producer PutRecord/PutRecordBatch on this stream only', () => {
    const withProducer = synth({}, true);
    expect(decodeJsonencode(withProducer.resource(IamRolePolicy, 'producer').policy).Statement).toEqual([
      {
        Sid: 'PutToLogStream',
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: '${aws_kinesis_firehose_delivery_stream.firehose.arn}',
      },
    ]);
  });

  test('names every resource after its address name', () => {
    expect(t.addresses()).toEqual([
      'aws_cloudwatch_log_group.firehose',
      'aws_cloudwatch_log_stream.firehose_backup_delivery',
      'aws_cloudwatch_log_stream.firehose_destination_delivery',
      'aws_iam_role.firehose',
      'aws_iam_role_policy.firehose',
      'aws_kinesis_firehose_delivery_stream.firehose',
      'aws_s3_bucket.firehose_errors',
      'aws_s3_bucket_lifecycle_configuration.firehose_errors',
      'aws_s3_bucket_ownership_controls.firehose_errors',
      'aws_s3_bucket_policy.firehose_errors',
      'aws_s3_bucket_public_access_block.firehose_errors',
      'aws_s3_bucket_server_side_encryption_configuration.firehose_errors',
      'aws_s3_bucket_versioning.firehose_errors',
    ]);
  });
});
