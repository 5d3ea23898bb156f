import { resolveTokens, Template } from '@aws-log-mcp/testing';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { ManagedLogGroup, PlatformStack, SecureBucket, ServiceRole, ValidationError } from '../../src';
import { testStack } from '../helpers';

function synth(build: (stack: PlatformStack) => void): Template {
  const stack = testStack();
  build(stack);
  return Template.synth(stack);
}

const ACCOUNT = '${data.aws_caller_identity.current.account_id}';

describe('SecureBucket', () => {
  const t = synth((s) => new SecureBucket(s, 'errors', { bucketName: 'acme-dev-errors', expirationDays: 14 }));

  it('names every resource after its address name', () => {
    expect(t.addresses()).toEqual([
      'aws_s3_bucket.errors',
      'aws_s3_bucket_lifecycle_configuration.errors',
      'aws_s3_bucket_ownership_controls.errors',
      'aws_s3_bucket_policy.errors',
      'aws_s3_bucket_public_access_block.errors',
      'aws_s3_bucket_server_side_encryption_configuration.errors',
      'aws_s3_bucket_versioning.errors',
    ]);
  });

  it('blocks all public access and disables ACLs', () => {
    expect(t.only('aws_s3_bucket_public_access_block')).toMatchObject({
      bucket: '${aws_s3_bucket.errors.id}',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(t.only('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts, versions and expires objects', () => {
    expect(t.only('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'AES256',
    });
    expect(t.only('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    const rule = t.only('aws_s3_bucket_lifecycle_configuration').rule[0];
    expect(rule.expiration).toEqual([{ days: 14 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 1 }]);
    expect(t.resource(S3Bucket, 'errors').force_destroy).toBe(false);
  });

  it('denies requests without TLS', () => {
    const policy: string = t.only('aws_s3_bucket_policy').policy;
    expect(policy).toContain('"Effect" = "Deny"');
    expect(policy).toContain('"Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}');
  });

  it('grants read and read-write through one grant shape, returning what it added', () => {
    let added: unknown;
    const t2 = synth((s) => {
      const bucket = new SecureBucket(s, 'results', { addressName: 'athena_results', bucketName: 'acme-dev-results' });
      const role = new ServiceRole(s, 'reader', { roleName: 'reader', servicePrincipal: 'lambda.amazonaws.com' });
      added = resolveTokens(s, bucket.grantReadWrite(role, { prefix: 'results/', sid: 'Results' }).statements);
      expect(bucket.readStatements()).toEqual([
        { sid: 'ReadBucket', actions: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'], resources: expect.any(Array) },
      ]);
    });
    expect(added).toEqual([
      {
        sid: 'Results',
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        resources: ['${aws_s3_bucket.athena_results.arn}', '${aws_s3_bucket.athena_results.arn}/results/*'],
      },
    ]);
    expect(t2.resource(IamRolePolicy, 'reader').policy).toContain('"Sid" = "Results"');
  });
});

describe('ServiceRole', () => {
  it('trusts one service for the stack account only and collects one inline policy', () => {
    const t = synth((s) => {
      const role = new ServiceRole(s, 'firehose', { roleName: 'acme-dev-firehose', servicePrincipal: 'firehose.amazonaws.com' });
      role.addToPolicy({ actions: ['glue:GetTable'], resources: ['arn:aws:glue:eu-west-1:123456789012:table/x/y'] });
      role.addToPrincipalPolicy({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] });
      expect(resolveTokens(s, role.principalArn)).toBe('${aws_iam_role.firehose.arn}');
    });
    expect(t.resource(IamRole, 'firehose').assume_role_policy).toBe(
      `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "firehose.amazonaws.com"}, "Action" = "sts:AssumeRole", "Condition" = {"StringEquals" = {"aws:SourceAccount" = ${ACCOUNT.slice(2, -1)}}}}]})}`,
    );
    const policies = t.resourceList(IamRolePolicy);
    expect(policies).toHaveLength(1);
    expect(policies[0].policy).toContain('glue:GetTable');
    expect(policies[0].policy).toContain('s3:PutObject');
  });

  it('validates the principal (written in code, not config)', () => {
    expect(() => synth((s) => new ServiceRole(s, 'r', { roleName: 'ok', servicePrincipal: 'arn:aws:iam::1:root' }))).toThrow(
      ValidationError,
    );
  });
});

describe('ManagedLogGroup', () => {
  it('sets retention and grants writes to its own streams only', () => {
    const t = synth((s) => {
      const group = new ManagedLogGroup(s, 'logs', { name: '/aws/lambda/acme-dev-mcp', retentionInDays: 14 });
      const fn = new ServiceRole(s, 'fn', { roleName: 'fn', servicePrincipal: 'lambda.amazonaws.com' });
      expect(resolveTokens(s, group.grantWrite(fn).statements)).toEqual(resolveTokens(s, group.writeStatements()));
    });
    expect(t.resource(CloudwatchLogGroup, 'logs')).toMatchObject({ name: '/aws/lambda/acme-dev-mcp', retention_in_days: 14 });
    expect(t.only(IamRolePolicy).policy).toContain(
      '"Action" = ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource" = "${aws_cloudwatch_log_group.logs.arn}:*"',
    );
  });

  it('refuses a log group name CloudWatch does not accept', () => {
    expect(() => synth((s) => new ManagedLogGroup(s, 'logs', { name: 'has space' }))).toThrow('logs.name: [logs.groupName]');
  });
});
