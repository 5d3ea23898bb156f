import { synthHcl } from '@aws-log-mcp/testing';
import { Fn, TerraformOutput, Testing } from 'cdktf';
import { assertJsonencodeSafe, jsonencodeSafe, parseHcl } from '../../src';
import { testStack } from '../helpers';

const HOSTILE = 'printf \'{"a":"%s"}\\n\' "$(date)" ${HOME} %{x} back\\slash';

function outputs(value: unknown) {
  const build = () => {
    const stack = testStack();
    new TerraformOutput(stack, 'value', { value: Fn.jsonencode(value) });
    return stack;
  };
  return { json: JSON.parse(Testing.synth(build())).output.value.value as string, hcl: synthHcl(build) };
}

describe('jsonencode workarounds', () => {
  it('the bug: strings inside jsonencode(...) are written without escaping', async () => {
    const { json, hcl } = outputs({ command: HOSTILE });
    expect(json).toContain('"command" = "printf \'{"a"');
    await expect(parseHcl(hcl)).rejects.toBeDefined();
  });

  it('jsonencodeSafe sends such strings base64-encoded, decoded by Terraform byte for byte', async () => {
    const { json, hcl } = outputs(jsonencodeSafe({ command: HOSTILE, plain: 'ok', list: ['a', HOSTILE] }));
    const b64 = Buffer.from(HOSTILE, 'utf8').toString('base64');
    expect(json).toBe(
      `\${jsonencode({"command" = base64decode("${b64}"), "plain" = "ok", "list" = ["a", base64decode("${b64}")]})}`,
    );
    expect((await parseHcl(hcl)).output.value[0].value).toContain(`base64decode("${b64}")`);
  });

  it('assertJsonencodeSafe refuses quotes and backslashes, keys included', () => {
    expect(() => assertJsonencodeSafe({ a: ['x"y'] }, 'p', 'rule.id', 'no quotes')).toThrow('p: [rule.id] no quotes');
    expect(() => assertJsonencodeSafe({ 'k\\': 'v' }, 'p', 'rule.id', 'no quotes')).toThrow('[rule.id]');
    expect(() => assertJsonencodeSafe({ a: 'fine: $ and %' }, 'p', 'rule.id', 'no quotes')).not.toThrow();
  });
});
