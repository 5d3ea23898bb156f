import { Testing, TerraformStack } from 'cdktf';
import { ManagedLogGroup, SecureBucket, ServiceRole, ValidationError } from '../../src';

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('SecureBucket', () => {
  const json = synth((s) => new SecureBucket(s, 'errors', { bucketName: 'acme-dev-errors', expirationDays: 14 }));
  const r = json.resource;
  const one = (type: string) => Object.values(r[type] as Record<string, any>)[0];

  it('blocks all public access and disables ACLs', () => {
    expect(one('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts, versions and expires objects', () => {
    expect(one('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'AES256',
    });
    expect(one('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    const rule = one('aws_s3_bucket_lifecycle_configuration').rule[0];
    expect(rule.expiration).toEqual([{ days: 14 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 1 }]);
    expect(one('aws_s3_bucket').force_destroy).toBe(false);
  });

  it('denies requests without TLS', () => {
    const policy: string = one('aws_s3_bucket_policy').policy;
    expect(policy).toContain('"Effect" = "Deny"');
    expect(policy).toContain('"Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}');
  });

  it('rejects a nonsensical lifecycle', () => {
    expect(() => synth((s) => new SecureBucket(s, 'b', { bucketName: 'x-y-z', expirationDays: 0 }))).toThrow(
      'b.expirationDays: [s3.lifecycleDays]',
    );
  });
});

describe('ServiceRole', () => {
  it('trusts one service with a source-account condition and collects one inline policy', () => {
    const json = synth((s) => {
      const role = new ServiceRole(s, 'firehose', {
        roleName: 'acme-dev-firehose',
        servicePrincipal: 'firehose.amazonaws.com',
        sourceAccount: '123456789012',
      });
      role.addToPolicy({ actions: ['glue:GetTable'], resources: ['arn:aws:glue:eu-west-1:123456789012:table/x/y'] });
      role.addToPolicy({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] });
    });
    const role = Object.values(json.resource.aws_iam_role as Record<string, any>)[0];
    expect(role.assume_role_policy).toBe(
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "firehose.amazonaws.com"}, "Action" = "sts:AssumeRole", "Condition" = {"StringEquals" = {"aws:SourceAccount" = "123456789012"}}}]})}',
    );
    const policies = Object.values(json.resource.aws_iam_role_policy as Record<string, any>);
    expect(policies).toHaveLength(1);
    expect(policies[0].policy).toContain('glue:GetTable');
    expect(policies[0].policy).toContain('s3:PutObject');
  });

  it('validates the role name and principal', () => {
    expect(() =>
      synth(
        (s) =>
          new ServiceRole(s, 'r', { roleName: 'x'.repeat(65), servicePrincipal: 'lambda.amazonaws.com', sourceAccount: '1' }),
      ),
    ).toThrow('[iam.roleName]');
    expect(() =>
      synth((s) => new ServiceRole(s, 'r', { roleName: 'ok', servicePrincipal: 'arn:aws:iam::1:root', sourceAccount: '1' })),
    ).toThrow(ValidationError);
  });
});

describe('ManagedLogGroup', () => {
  it('sets retention and grants writes to its own streams only', () => {
    const json = synth((s) => {
      const group = new ManagedLogGroup(s, 'logs', { name: '/aws/lambda/acme-dev-mcp', retentionInDays: 14 });
      new ServiceRole(s, 'fn', { roleName: 'fn', servicePrincipal: 'lambda.amazonaws.com', sourceAccount: '1' }).addToPolicy(
        group.grantWrite(),
      );
    });
    expect(Object.values(json.resource.aws_cloudwatch_log_group as Record<string, any>)[0]).toMatchObject({
      name: '/aws/lambda/acme-dev-mcp',
      retention_in_days: 14,
    });
    const policy: string = Object.values(json.resource.aws_iam_role_policy as Record<string, any>)[0].policy;
    expect(policy).toContain(
      '"Action" = ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource" = "${aws_cloudwatch_log_group.logs_group_F4848128.arn}:*"',
    );
  });

  it('refuses a retention CloudWatch does not accept', () => {
    expect(() => synth((s) => new ManagedLogGroup(s, 'logs', { name: '/x', retentionInDays: 10 }))).toThrow(
      'logs.retentionInDays: [logs.retention]',
    );
  });
});
