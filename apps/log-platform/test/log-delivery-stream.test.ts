import { ServiceRole } from '@aws-log-mcp/shared';
import { Testing, TerraformStack } from 'cdktf';
import { LogDeliveryStream, LogDeliveryStreamProps } from '../src/log-delivery-stream';
import { byPrefix, decodeJsonencode, DELIVERY_PROPS, Json, only } from './support/synth';

function synth(props: Partial<LogDeliveryStreamProps> = {}, withProducer = false): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  const delivery = new LogDeliveryStream(stack, 'delivery', {
    ...DELIVERY_PROPS,
    ...props,
  });
  if (withProducer) {
    const producer = new ServiceRole(stack, 'producer', {
      roleName: 'producer',
      servicePrincipal: 'ecs-tasks.amazonaws.com',
      sourceAccount: '111122223333',
    });
    delivery.grantPut(producer);
  }
  return JSON.parse(Testing.synth(stack)) as Json;
}

const json = synth();

describe('LogDeliveryStream', () => {
  test('iceberg destination with catalog, table, buffering, retry, error bucket and error logging', () => {
    const stream = only(json, 'aws_kinesis_firehose_delivery_stream');
    expect(stream.name).toBe('acme-dev-log-platform-logs');
    expect(stream.destination).toBe('iceberg');
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: 'AWS_OWNED_CMK' });
    const { role_arn, s3_configuration, ...iceberg } = stream.iceberg_configuration;
    expect(role_arn).toBe('${aws_iam_role.delivery_role_8708125C.arn}');
    expect(iceberg).toEqual({
      catalog_arn: 'arn:aws:glue:eu-west-1:111122223333:catalog/s3tablescatalog/acme-dev-log-platform-tables',
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
        log_group_name: '${aws_cloudwatch_log_group.delivery_logs_group_34DE014B.name}',
        log_stream_name: 'DestinationDelivery',
      },
    });
    expect(s3_configuration).toEqual({
      bucket_arn: '${aws_s3_bucket.delivery_errors_bucket_CD61BDA5.arn}',
      role_arn: '${aws_iam_role.delivery_role_8708125C.arn}',
      prefix: 'backup/',
      error_output_prefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
      compression_format: 'GZIP',
      buffering_interval: 300,
      buffering_size: 5,
      cloudwatch_logging_options: {
        enabled: true,
        log_group_name: '${aws_cloudwatch_log_group.delivery_logs_group_34DE014B.name}',
        log_stream_name: 'BackupDelivery',
      },
    });
    expect(stream.depends_on).toEqual(['aws_iam_role_policy.delivery_role_policy_CA90C18D']);
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
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-dev-log-platform-logs' },
          },
        },
      ],
    });
  });

  test('role policy: only what an S3 Tables destination needs, on concrete ARNs', () => {
    const glue = 'arn:aws:glue:eu-west-1:111122223333';
    expect(decodeJsonencode(only(json, 'aws_iam_role_policy').policy).Statement).toEqual([
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
        Action: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        Resource: [
          '${aws_s3_bucket.delivery_errors_bucket_CD61BDA5.arn}',
          '${aws_s3_bucket.delivery_errors_bucket_CD61BDA5.arn}/*',
        ],
      },
      {
        Sid: 'DeliveryErrorLogs',
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        Resource: [
          '${aws_cloudwatch_log_group.delivery_logs_group_34DE014B.arn}:log-stream:DestinationDelivery',
          '${aws_cloudwatch_log_group.delivery_logs_group_34DE014B.arn}:log-stream:BackupDelivery',
        ],
      },
    ]);
  });

  test('grantPut gives a producer PutRecord/PutRecordBatch on this stream only', () => {
    const withProducer = synth({}, true);
    expect(decodeJsonencode(byPrefix(withProducer, 'aws_iam_role_policy', 'producer').policy).Statement).toEqual([
      {
        Sid: 'PutToLogStream',
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: '${aws_kinesis_firehose_delivery_stream.delivery_stream_036AB1BA.arn}',
      },
    ]);
  });

  test.each([
    [{ streamName: 'has space' }, /delivery\.streamName: \[firehose\.streamName\]/],
    [{ streamName: 'x'.repeat(65) }, /\[firehose\.streamName\]/],
    [{ bufferingIntervalSeconds: 901 }, /delivery\.bufferingIntervalSeconds: \[firehose\.range\]/],
    [{ bufferingSizeMiB: 0 }, /delivery\.bufferingSizeMiB: \[firehose\.range\]/],
    [{ retryDurationSeconds: 7201 }, /delivery\.retryDurationSeconds: \[firehose\.range\]/],
  ])('refuses %p', (props, error) => {
    expect(() => synth(props)).toThrow(error);
  });
});
