import { synthHcl, terraformFmt } from '@aws-log-mcp/testing';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformOutput, Testing } from 'cdktf';
import { hclSafeLiteral, hclSafeSelectionPattern, hclSafeString, parseHcl, setAddress } from '../../src';
import { testStack } from '../helpers';

/** The HCL rendering of an output whose value is `build(bucket arn token)`. */
function render(build: (token: string) => string): string {
  return synthHcl(() => {
    const stack = testStack();
    const bucket = setAddress(new S3Bucket(stack, 'b', { bucket: 'b' }), 'b');
    new TerraformOutput(stack, 'value', { value: build(bucket.arn) });
    return stack;
  });
}

describe('hclSafeString', () => {
  const challenge = (token: string) => `Bearer resource_metadata="${token}/.well-known/oauth-protected-resource"`;

  it('the bug: cdktf writes the quotes of a string holding a token unescaped, so the HCL does not parse', async () => {
    const hcl = render(challenge);
    expect(terraformFmt(hcl).status).not.toBe(0);
    await expect(parseHcl(hcl)).rejects.toBeDefined();
  });

  it('the workaround renders the exact value through format()', async () => {
    const hcl = render((t) => hclSafeString(challenge(t), 'f'));
    expect(terraformFmt(hcl).status).toBe(0);
    expect((await parseHcl(hcl)).output.value[0].value).toBe(
      '${format("Bearer resource_metadata=\\"%s/.well-known/oauth-protected-resource\\"", aws_s3_bucket.b.arn)}',
    );
  });

  it('leaves strings without tokens or quotes alone and refuses single-line backslashes', () => {
    expect(hclSafeString('plain "quoted" text', 'f')).toBe('plain "quoted" text');
    expect(() => hclSafeString('a\\d', 'f')).toThrow('f: [cdktf.hclString]');
    expect(hclSafeString('multi\nline \\ ok', 'f')).toBe('multi\nline \\ ok');
  });

  it('hclSafeSelectionPattern matches exactly the statuses the \\d pattern does', () => {
    expect(hclSafeSelectionPattern('4\\d{2}', 'f')).toBe('4[0-9]{2}');
    for (let status = 100; status < 600; status++) {
      expect(new RegExp(`^${hclSafeSelectionPattern('4\\d{2}', 'f')}$`).test(String(status))).toBe(
        /^4\d{2}$/.test(String(status)),
      );
    }
  });
});

describe('hclSafeLiteral', () => {
  it('keeps strings both renderings read as written, quotes included', () => {
    for (const v of ['plain', 'say "hi"', '{"a":"b"}', 'multi\nline', '$5 at 100% {x}']) expect(hclSafeLiteral(v)).toBe(v);
  });

  it.each(['{"d":"say \\"hi\\""}', 'C:\\temp', 'a ${x}', 'a %{ if x }', 'tab\there', 'next\u0085line'])(
    'turns %j into base64decode of its exact bytes',
    (v) => {
      const out = hclSafeLiteral(v);
      expect(out).not.toBe(v);
      const synthesized = JSON.parse(Testing.synthScope((scope) => new TerraformOutput(scope, 'o', { value: out })));
      const m = /^\$\{base64decode\("([A-Za-z0-9+/=]+)"\)\}$/.exec(synthesized.output.o.value);
      expect(m).not.toBeNull();
      expect(Buffer.from(m![1], 'base64').toString('utf8')).toBe(v);
    },
  );
});
