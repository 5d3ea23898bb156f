import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { decodeJsonencode, Template } from '../src';

function build(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  const bucket = new S3Bucket(stack, 'logs', { bucket: 'b' });
  new S3BucketPolicy(stack, 'policy', {
    bucket: bucket.id,
    policy: Fn.jsonencode({ Statement: [{ Resource: bucket.arn, Action: 's3:GetObject' }] }),
  });
  new TerraformOutput(stack, 'name', { value: bucket.bucket });
  return stack;
}

describe('Template', () => {
  const t = Template.synth(build());

  it('looks resources up by provider class or type name, and by address name', () => {
    expect(t.resources(S3Bucket)).toEqual({ logs: { bucket: 'b' } });
    expect(t.only('aws_s3_bucket')).toEqual({ bucket: 'b' });
    expect(() => t.resource(S3Bucket, 'nope')).toThrow('no aws_s3_bucket.nope; there are: logs');
    expect(t.addresses()).toEqual(['aws_s3_bucket.logs', 'aws_s3_bucket_policy.policy']);
    expect(t.ref(S3Bucket, 'logs', 'arn')).toBe('${aws_s3_bucket.logs.arn}');
    expect(t.output('name').value).toBe('${aws_s3_bucket.logs.bucket}');
    expect(t.moved()).toEqual([]);
  });

  it('decodes a synthesized jsonencode(...) policy', () => {
    expect(decodeJsonencode(t.only(S3BucketPolicy).policy)).toEqual({
      Statement: [{ Resource: '${aws_s3_bucket.logs.arn}', Action: 's3:GetObject' }],
    });
  });
});
