import { synthHcl } from '@aws-log-mcp/testing';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { assertHclMatchesJson, formatHcl, hclMismatches, parseHcl, ValidationError } from '../../src';

function build(bucketName = 'b'): () => TerraformStack {
  return () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const bucket = new S3Bucket(stack, 'logs', { bucket: bucketName });
    new S3BucketPolicy(stack, 'policy', {
      bucket: bucket.id,
      policy: Fn.jsonencode({ Statement: [{ Resource: bucket.arn, Action: 's3:GetObject' }] }),
    });
    new TerraformOutput(stack, 'name', { value: bucket.bucket });
    return stack;
  };
}

/** Both renderings of `build`, the HCL as `npm run synth` writes it. */
function render(b: () => TerraformStack): { json: Record<string, unknown>; hcl: string } {
  return { json: JSON.parse(Testing.synth(b())), hcl: formatHcl(synthHcl(b)) };
}

async function guardError(b: () => TerraformStack): Promise<ValidationError> {
  const { json, hcl } = render(b);
  try {
    await assertHclMatchesJson('test', json, hcl);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected the guard to refuse the rendering');
}

describe('hclMismatches', () => {
  it('compares the HCL rendering with the JSON, leaf by leaf, blocks included', async () => {
    const { json, hcl } = render(build());
    const { count, mismatches } = hclMismatches(json, await parseHcl(hcl));
    expect(count).toBeGreaterThan(3);
    expect(mismatches).toEqual([]);
  });

  it('reports a value that differs, with its path', () => {
    const json = { resource: { aws_s3_bucket: { logs: { bucket: 'a' } } }, terraform: { backend: { local: { path: 'x' } } } };
    const hcl = {
      resource: { aws_s3_bucket: { logs: [{ bucket: 'b' }] } },
      terraform: [{ backend: { local: [{ path: 'x' }] } }],
    };
    expect(hclMismatches(json, hcl)).toEqual({ count: 2, mismatches: [['resource.aws_s3_bucket.logs.bucket', 'a', 'b']] });
  });

  it("reads formatHcl's exact heredocs as the value they stand for", () => {
    const json = { output: { q: { value: 'SELECT 1\nFROM t;' } } };
    const hcl = { output: { q: [{ value: '${trimsuffix(<<EOF\nSELECT 1\nFROM t;\nEOF\n, "\\n")}' }] } };
    expect(hclMismatches(json, hcl).mismatches).toEqual([]);
    expect(hclMismatches({ output: { q: { value: 'other' } } }, hcl).mismatches).toHaveLength(1);
  });
});

describe('assertHclMatchesJson (the synth guard)', () => {
  it('passes a stack whose renderings agree and counts the leaves', async () => {
    const { json, hcl } = render(build());
    await expect(assertHclMatchesJson('test', json, hcl)).resolves.toBeGreaterThan(3);
  });

  it('refuses HCL that does not parse: cdktf writes a backslash unescaped', async () => {
    const err = await guardError(build('a\\qb'));
    expect(err.message).toMatch(/^stack test: \[synth\.hclRendering\] the HCL rendering does not parse/);
    expect(err.message).toContain('Invalid escape sequence');
  });

  it('refuses HCL that parses to another value: a literal backslash-n becomes a newline', async () => {
    const err = await guardError(build('a\\nb'));
    expect(err.message).toContain('[synth.hclRendering] 1 value(s) of the HCL rendering differ');
    expect(err.message).toContain('resource.aws_s3_bucket.logs.bucket is "a\\\\nb" in JSON, "a\\nb" in HCL');
  });

  it('refuses HCL where an escaped interpolation stops cdktf from escaping quotes', async () => {
    const err = await guardError(build('$${x} "quoted"'));
    expect(err.message).toContain('[synth.hclRendering] the HCL rendering does not parse');
  });
});
