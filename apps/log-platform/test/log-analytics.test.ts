import { ServiceRole } from '@aws-log-mcp/shared';
import { Testing, TerraformStack } from 'cdktf';
import { LogAnalytics, LogAnalyticsProps } from '../src/log-analytics';
import { byPrefix, decodeJsonencode, Json, only, resourcesOf } from './support/synth';

function synth(props: Partial<LogAnalyticsProps> = {}, withGrantee = false): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  const a = new LogAnalytics(stack, 'athena', {
    workgroupName: 'acme-dev-log-platform-logs',
    resultsBucketName: 'acme-dev-log-platform-athena-results-111122223333',
    accountId: '111122223333',
    region: 'eu-west-1',
    partition: 'aws',
    database: 'logs',
    namedQueries: [
      { name: 'one', description: 'first', query: 'SELECT 1;' },
      { name: 'two', description: 'second', query: 'SELECT 2;' },
    ],
    ...props,
  });
  if (withGrantee) {
    a.grantQuery(
      new ServiceRole(stack, 'reader', {
        roleName: 'reader',
        servicePrincipal: 'lambda.amazonaws.com',
        sourceAccount: '111122223333',
      }),
    );
  }
  return JSON.parse(Testing.synth(stack)) as Json;
}

describe('LogAnalytics', () => {
  const json = synth();

  test('workgroup with enforced, encrypted result configuration and a bytes-scanned cutoff', () => {
    expect(only(json, 'aws_athena_workgroup')).toEqual({
      name: 'acme-dev-log-platform-logs',
      description: 'Log analytics over the S3 Tables log table',
      state: 'ENABLED',
      configuration: {
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 1073741824,
        engine_version: { selected_engine_version: 'Athena engine version 3' },
        result_configuration: {
          output_location: 's3://${aws_s3_bucket.athena_results_bucket_0E478997.bucket}/results/',
          expected_bucket_owner: '111122223333',
          encryption_configuration: { encryption_option: 'SSE_S3' },
        },
      },
    });
  });

  test('results bucket expires results and is private and encrypted', () => {
    expect(only(json, 'aws_s3_bucket').bucket).toBe('acme-dev-log-platform-athena-results-111122223333');
    expect(only(json, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 7 }]);
    expect(
      only(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default
        .sse_algorithm,
    ).toBe('AES256');
    expect(only(json, 'aws_s3_bucket_public_access_block').restrict_public_buckets).toBe(true);
  });

  test('named queries in the workgroup and the namespace database', () => {
    expect(Object.values(resourcesOf(json, 'aws_athena_named_query'))).toEqual([
      {
        name: 'one',
        description: 'first',
        database: 'logs',
        workgroup: '${aws_athena_workgroup.athena_workgroup_43BFB787.name}',
        query: 'SELECT 1;',
      },
      {
        name: 'two',
        description: 'second',
        database: 'logs',
        workgroup: '${aws_athena_workgroup.athena_workgroup_43BFB787.name}',
        query: 'SELECT 2;',
      },
    ]);
  });

  test('grantQuery: this workgroup and its results prefix only', () => {
    const statements = decodeJsonencode(byPrefix(synth({}, true), 'aws_iam_role_policy', 'reader').policy).Statement;
    expect(statements[0]).toEqual({
      Sid: 'AthenaWorkgroupQueries',
      Effect: 'Allow',
      Action: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      Resource: 'arn:aws:athena:eu-west-1:111122223333:workgroup/acme-dev-log-platform-logs',
    });
    expect(statements[1].Resource).toEqual([
      '${aws_s3_bucket.athena_results_bucket_0E478997.arn}',
      '${aws_s3_bucket.athena_results_bucket_0E478997.arn}/results/*',
    ]);
  });

  test.each([
    [{ bytesScannedCutoff: 10_485_759 }, /athena\.bytesScannedCutoff: \[athena\.bytesScannedCutoff\]/],
    [{ workgroupName: 'bad name' }, /athena\.workgroupName: \[athena\.workgroup\]/],
    [
      {
        namedQueries: [
          { name: 'a', description: '', query: 'x' },
          { name: 'a', description: '', query: 'y' },
        ],
      },
      /\[athena\.namedQuery\]/,
    ],
  ])('refuses %p', (props, error) => {
    expect(() => synth(props)).toThrow(error);
  });
});
