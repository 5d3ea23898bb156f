import { resolveTokens, Template, synthHcl, terraformFmt } from '@aws-log-mcp/testing';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, Testing } from 'cdktf';
import { addressName, arnFormatter, formatArn, parseHcl, PlatformStack, setAddress } from '../src';
import { testEnvironment, testStack } from './helpers';

describe('PlatformStack: where it runs', () => {
  it('creates the caller identity and partition data sources only when used', () => {
    const unused = testStack();
    expect(Template.synth(unused).json.data).toBeUndefined();
    const used = testStack();
    expect(resolveTokens(used, [used.account, used.account, used.partition, used.partition])).toEqual([
      '${data.aws_caller_identity.current.account_id}',
      '${data.aws_caller_identity.current.account_id}',
      '${data.aws_partition.current.partition}',
      '${data.aws_partition.current.partition}',
    ]);
    expect(Template.synth(used).json.data).toEqual({ aws_caller_identity: { current: {} }, aws_partition: { current: {} } });
  });

  it('takes the region from config, so names and URLs built from it are literal', () => {
    expect(testStack(testEnvironment({ region: 'us-gov-west-1' })).region).toBe('us-gov-west-1');
  });

  it('formats ARNs in its partition, region and account unless told otherwise', () => {
    const stack = testStack();
    const arn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: 'logs' });
    const bucket = stack.formatArn({ service: 's3', region: '', account: '', resource: 'b' });
    new TerraformOutputs(stack, { arn, bucket });
    expect(Template.synth(stack).json.output).toEqual({
      arn: {
        value:
          'arn:${data.aws_partition.current.partition}:athena:eu-west-1:${data.aws_caller_identity.current.account_id}:workgroup/logs',
      },
      bucket: { value: 'arn:${data.aws_partition.current.partition}:s3:::b' },
    });
  });

  it('formatArn is one pure function, with ":" as the other separator', () => {
    const env = { partition: 'aws-cn', region: 'cn-north-1', account: '111122223333' };
    expect(formatArn({ service: 'logs', resource: 'log-group', sep: ':', resourceName: '/x' }, env)).toBe(
      'arn:aws-cn:logs:cn-north-1:111122223333:log-group:/x',
    );
    expect(
      arnFormatter(env).formatArn({ service: 'iam', region: '', account: 'aws', resource: 'policy', resourceName: 'p' }),
    ).toBe('arn:aws-cn:iam::aws:policy/p');
  });

  it('needs a PlatformStack around constructs that ask where they run', () => {
    const plain = new TerraformStack(Testing.app(), 'plain');
    expect(() => PlatformStack.of(plain)).toThrow('[platformStack.scope]');
  });
});

/** Outputs from a map, for tests. */
class TerraformOutputs {
  constructor(stack: TerraformStack, values: Record<string, string>) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TerraformOutput } = require('cdktf') as typeof import('cdktf');
    for (const [id, value] of Object.entries(values)) new TerraformOutput(stack, id, { value });
  }
}

describe('resource addresses', () => {
  it('refuses a resource without an explicit address, naming its path', () => {
    const stack = testStack();
    new S3Bucket(stack, 'forgotten', { bucket: 'b' });
    expect(() => Template.synth(stack)).toThrow('test-dev/forgotten: [addresses.explicit]');
  });

  it('refuses two resources of a type with one name, and names that are not snake_case', () => {
    const stack = testStack();
    setAddress(new S3Bucket(stack, 'a', { bucket: 'a' }), 'logs');
    expect(() => setAddress(new S3Bucket(stack, 'b', { bucket: 'b' }), 'logs')).toThrow('[addresses.unique] aws_s3_bucket.logs');
    expect(() => setAddress(new S3Bucket(stack, 'c', { bucket: 'c' }), 'Logs-1')).toThrow('[addresses.name]');
  });

  it('refuses an address set after the resource was referenced', () => {
    const stack = new TerraformStack(Testing.app(), 'plain');
    const bucket = new S3Bucket(stack, 'late', { bucket: 'b' });
    void bucket.arn;
    expect(() => setAddress(bucket, 'renamed')).toThrow(
      '[addresses.beforeUse] the address must be set before the resource is referenced (it is already late)',
    );
  });

  it('builds snake_case names from ids, paths and AWS names', () => {
    expect(addressName('firehose', 'DestinationDelivery')).toBe('firehose_destination_delivery');
    expect(addressName('/.well-known/oauth-protected-resource/mcp', 'GET')).toBe('well_known_oauth_protected_resource_mcp_get');
    expect(addressName('DEFAULT_4XX')).toBe('default_4xx');
  });
});

describe('address moves', () => {
  function stackWithMoves(moves: Record<string, string>, hcl = false): string {
    const build = () => {
      const stack = testStack();
      setAddress(new S3Bucket(stack, 'logs', { bucket: 'b' }), 'logs');
      stack.addressMoves(moves);
      return stack;
    };
    return hcl ? synthHcl(build) : Testing.synth(build());
  }

  it('writes a moved block per rename whose chain ends at a declared resource', () => {
    const json = JSON.parse(
      stackWithMoves({
        'aws_s3_bucket.logs_bucket_0E478997': 'aws_s3_bucket.logs_v2',
        'aws_s3_bucket.logs_v2': 'aws_s3_bucket.logs',
        'aws_s3_bucket.gone_1234ABCD': 'aws_s3_bucket.not_created',
      }),
    );
    expect(new Template(json).moved()).toEqual([
      { from: 'aws_s3_bucket.logs_bucket_0E478997', to: 'aws_s3_bucket.logs_v2' },
      { from: 'aws_s3_bucket.logs_v2', to: 'aws_s3_bucket.logs' },
    ]);
  });

  it('renders the same moved blocks as valid HCL', async () => {
    const hcl = stackWithMoves({ 'aws_s3_bucket.analytics-integration_data-access-role_D46EEE58': 'aws_s3_bucket.logs' }, true);
    expect(hcl).toContain(
      'moved {\nfrom = aws_s3_bucket.analytics-integration_data-access-role_D46EEE58\nto = aws_s3_bucket.logs\n}',
    );
    expect((await parseHcl(hcl)).moved).toEqual([
      { from: '${aws_s3_bucket.analytics-integration_data-access-role_D46EEE58}', to: '${aws_s3_bucket.logs}' },
    ]);
    expect(terraformFmt(hcl).status).toBe(0);
  });

  it('refuses a move from a declared address, across types, or twice from one address', () => {
    expect(() => stackWithMoves({ 'aws_s3_bucket.logs': 'aws_s3_bucket.other' })).toThrow(
      'cannot move from an address that is still declared',
    );
    expect(() => stackWithMoves({ 'aws_s3_bucket.old': 'aws_s3_object.logs' })).toThrow('cannot change the resource type');
    const stack = testStack();
    stack.addressMoves({ 'aws_s3_bucket.a': 'aws_s3_bucket.b' });
    expect(() => stack.addressMoves({ 'aws_s3_bucket.a': 'aws_s3_bucket.c' })).toThrow('already moved to aws_s3_bucket.b');
  });
});

describe('address removals', () => {
  function stackWithRemovals(removals: Record<string, string>, moves: Record<string, string> = {}, hcl = false): string {
    const build = () => {
      const stack = testStack();
      setAddress(new S3Bucket(stack, 'logs', { bucket: 'b' }), 'logs_v2');
      stack.addressMoves(moves);
      stack.addressRemovals(removals);
      return stack;
    };
    return hcl ? synthHcl(build) : Testing.synth(build());
  }

  it('writes a removed block with destroy = false per removal, and the moves whose chain ends there', () => {
    const json = JSON.parse(
      stackWithRemovals(
        { 'aws_s3_bucket.logs': 'superseded by aws_s3_bucket.logs_v2', 'aws_s3_bucket.a_old': 'gone' },
        {
          'aws_s3_bucket.logs_bucket_0E478997': 'aws_s3_bucket.logs',
          'aws_s3_bucket.other_1234ABCD': 'aws_s3_bucket.not_created',
        },
      ),
    );
    expect(json.removed).toEqual([
      { from: 'aws_s3_bucket.logs', lifecycle: { destroy: false } },
      { from: 'aws_s3_bucket.a_old', lifecycle: { destroy: false } },
    ]);
    expect(new Template(json).forgotten()).toEqual(['aws_s3_bucket.a_old', 'aws_s3_bucket.logs']);
    expect(new Template(json).moved()).toEqual([{ from: 'aws_s3_bucket.logs_bucket_0E478997', to: 'aws_s3_bucket.logs' }]);
  });

  it('renders the same removed blocks as valid HCL (cdktf 0.21 drops them; PlatformStack appends them)', async () => {
    const hcl = stackWithRemovals({ 'aws_s3_bucket.logs': 'superseded' }, {}, true);
    expect(hcl).toContain('removed {\nfrom = aws_s3_bucket.logs\nlifecycle {\ndestroy = false\n}\n}');
    expect((await parseHcl(hcl)).removed).toEqual([{ from: '${aws_s3_bucket.logs}', lifecycle: [{ destroy: false }] }]);
    expect(terraformFmt(hcl).status).toBe(0);
    expect(stackWithRemovals({}, {}, true)).not.toContain('removed');
  });

  it('synthesizes byte-identical output across runs', () => {
    const removals = { 'aws_s3_bucket.b': 'x', 'aws_s3_bucket.a': 'y' };
    expect(stackWithRemovals(removals)).toBe(stackWithRemovals(removals));
    expect(stackWithRemovals(removals, {}, true)).toBe(stackWithRemovals(removals, {}, true));
  });

  it('refuses a removal of a declared address, of a moved address, twice, or of something not an address', () => {
    expect(() => stackWithRemovals({ 'aws_s3_bucket.logs_v2': 'still here' })).toThrow(
      '[addresses.removals] cannot remove an address that is still declared',
    );
    expect(() => stackWithRemovals({ 'aws_s3_bucket.old': 'x' }, { 'aws_s3_bucket.old': 'aws_s3_bucket.logs_v2' })).toThrow(
      "[addresses.removals] cannot remove an address that is moved (to aws_s3_bucket.logs_v2); remove the move's target instead",
    );
    const stack = testStack();
    stack.addressRemovals({ 'aws_s3_bucket.a': 'x' });
    expect(() => stack.addressRemovals({ 'aws_s3_bucket.a': 'y' })).toThrow('[addresses.removals] already removed');
    expect(() => stack.addressRemovals({ 'aws_s3_bucket.a"\n}': 'x' })).toThrow('must be a resource address <type>.<name>');
    expect(() => stack.addressRemovals({ '${aws_s3_bucket.a}': 'x' })).toThrow('must be a resource address <type>.<name>');
  });
});
