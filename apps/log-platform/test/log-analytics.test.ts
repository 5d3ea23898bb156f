import { ServiceRole } from '@aws-log-mcp/shared';
import { Template } from '@aws-log-mcp/testing';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LogAnalytics, LogAnalyticsProps } from '../src/log-analytics';
import { ACCOUNT, constructStack, decodeJsonencode, PARTITION } from './support/synth';

function synth(props: Partial<LogAnalyticsProps> = {}, withGrantee = false): Template {
  const stack = constructStack();
  const a = new LogAnalytics(stack, 'athena', {
    workgroupName: 'acme-dev-log-platform-logs',
    resultsBucketName: 'acme-dev-log-platform-athena-results-111122223333',
    database: 'logs',
    namedQueries: [
      { name: 'one', description: 'first', query: 'SELECT 1;' },
      { name: 'two', description: 'second', query: 'SELECT 2;' },
    ],
    ...props,
  });
  if (withGrantee) {
    const grant = a.grantQuery(
      new ServiceRole(stack, 'reader', { roleName: 'reader', servicePrincipal: 'lambda.amazonaws.com' }),
    );
    expect(grant.statements).toHaveLength(2);
  }
  return Template.synth(stack);
}

describe('LogAnalytics', () => {
  const t = synth();
  const only = (_: unknown, type: string) => t.only(type);
  const json = t.json;

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
          output_location: 's3://${aws_s3_bucket.athena_results.bucket}/results/',
          expected_bucket_owner: ACCOUNT,
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

  test('named queries in the workgroup and the namespace database, created before the ones they replace', () => {
    expect(Object.keys(t.resources('aws_athena_named_query'))).toEqual(['one', 'two']);
    expect(t.resourceList('aws_athena_named_query')).toEqual([
      {
        name: 'one',
        description: 'first',
        database: 'logs',
        workgroup: '${aws_athena_workgroup.athena.name}',
        query: 'SELECT 1;',
        lifecycle: { create_before_destroy: true },
      },
      {
        name: 'two',
        description: 'second',
        database: 'logs',
        workgroup: '${aws_athena_workgroup.athena.name}',
        query: 'SELECT 2;',
        lifecycle: { create_before_destroy: true },
      },
    ]);
  });

  test('grantQuery: this workgroup and its results prefix only', () => {
    const statements = decodeJsonencode(synth({}, true).resource(IamRolePolicy, 'reader').policy).Statement;
    expect(statements[0]).toEqual({
      Sid: 'AthenaWorkgroupQueries',
      Effect: 'Allow',
      Action: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      Resource: `arn:${PARTITION}:athena:eu-west-1:${ACCOUNT}:workgroup/acme-dev-log-platform-logs`,
    });
    expect(statements[1].Resource).toEqual([
      '${aws_s3_bucket.athena_results.arn}',
      '${aws_s3_bucket.athena_results.arn}/results/*',
    ]);
  });

  test('refuses two named queries with one name (they come from code, not config)', () => {
    const namedQueries = [
      { name: 'a', description: '', query: 'x' },
      { name: 'a', description: '', query: 'y' },
    ];
    expect(() => synth({ namedQueries })).toThrow(/athena\.namedQueries: \[athena\.namedQuery\]/);
  });
});
