import { ValidationError } from '@aws-log-mcp/shared';
import { Testing, TerraformStack } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HttpApiFront } from '../../src/infra/http-api-front';
import { McpFunction, McpFunctionProps } from '../../src/infra/mcp-function';
import { McpUserPool } from '../../src/infra/mcp-user-pool';
import { hclSafeSelectionPattern, hclSafeString } from '../../src/infra/hcl-safe';

const stack = () => new TerraformStack(Testing.app(), 's');
const zip = () => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'mcp-')), 'bundle.zip');
  writeFileSync(p, 'PK fake zip for synth');
  return p;
};
const fnProps = (over: Partial<McpFunctionProps> = {}): McpFunctionProps => ({
  functionName: 'fn',
  roleName: 'role',
  accountId: '123456789012',
  requiredScope: 'mcp/tools',
  resourceMetadataUrl: 'https://x.example/.well-known/oauth-protected-resource',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A',
  bundlePath: zip(),
  ...over,
});
const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  return undefined;
};

describe('McpFunction validation', () => {
  it('names the missing bundle and how to build it', () => {
    expect(() => new McpFunction(stack(), 'tools', fnProps({ bundlePath: '/nonexistent/bundle.zip' }))).toThrow(
      /turbo run build/,
    );
  });
  it.each([
    [{ functionName: 'has space' }, 'tools.functionName'],
    [{ timeout: 30 }, 'tools.timeout'],
    [{ memorySize: 64 }, 'tools.memorySize'],
  ])('%j', (over, field) => {
    expect(fieldOf(() => new McpFunction(stack(), 'tools', fnProps(over)))).toBe(field);
  });
  it('produces the same asset path for the same bytes from a different folder', () => {
    const a = stack();
    new McpFunction(a, 'tools', fnProps());
    const b = stack();
    new McpFunction(b, 'tools', fnProps());
    const fa = JSON.parse(Testing.synth(a)).resource.aws_lambda_function;
    const fb = JSON.parse(Testing.synth(b)).resource.aws_lambda_function;
    expect(Object.values(fa)[0]).toEqual(Object.values(fb)[0]);
  });
});

describe('McpUserPool validation', () => {
  it.each(['cognito-login', 'UPPER', 'a--', '-a', 'x'.repeat(64)])('rejects domain prefix %s', (prefix) => {
    expect(fieldOf(() => new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: prefix, region: 'eu-west-1' }))).toBe(
      'auth.domainPrefix',
    );
  });
  it('requires a scope', () => {
    expect(
      fieldOf(() => new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: 'ok', region: 'eu-west-1', scopes: [] })),
    ).toBe('auth.scopes');
  });
});

describe('HttpApiFront validation', () => {
  it.each([[[]], [['mcp']], [['/a b']], [['/${x}']]])('rejects paths %j', (paths) => {
    expect(
      fieldOf(
        () =>
          new HttpApiFront(stack(), 'front', {
            apiName: 'f',
            restStageUrl: 'https://r.example/api',
            paths,
            accessLogGroupName: '/g',
          }),
      ),
    ).toBe('front.paths');
  });
});

describe('hclSafeString', () => {
  it('leaves strings without tokens or quotes alone and rewrites quoted token strings as format()', () => {
    const s = new TerraformStack(Testing.app(), 's');
    const id = new McpUserPool(s, 'auth', { poolName: 'p', domainPrefix: 'ok', region: 'eu-west-1' }).userPool.id;
    expect(hclSafeString('plain "quoted" 100%', 'f')).toBe('plain "quoted" 100%');
    expect(hclSafeString(`a/${id}/b`, 'f')).toBe(`a/${id}/b`);
    const rewritten = hclSafeString(`say "${id}" 50%`, 'f');
    expect(rewritten).not.toContain('"');
    new McpUserPool(s, 'other', { poolName: rewritten, domainPrefix: 'ok2', region: 'eu-west-1' });
    const json = JSON.parse(Testing.synth(s));
    const pools = json.resource.aws_cognito_user_pool as Record<string, { name: string }>;
    const authId = Object.keys(pools).find((k) => k.startsWith('auth_'))!;
    const other = Object.entries(pools).find(([k]) => k.startsWith('other_'))![1];
    // Terraform: format("say \"%s\" 50%%", id) = `say "<id>" 50%`.
    expect(other.name).toBe(`\${format("say \\"%s\\" 50%%", aws_cognito_user_pool.${authId}.id)}`);
  });

  it('refuses backslashes in single-line strings and rewrites \\d in selection patterns', () => {
    expect(fieldOf(() => hclSafeString('a\\b', 'x.field'))).toBe('x.field');
    expect(hclSafeString('multi\nline \\ ok', 'f')).toBe('multi\nline \\ ok');
    expect(hclSafeSelectionPattern('4\\d{2}', 'f')).toBe('4[0-9]{2}');
    for (let status = 100; status < 600; status++) {
      expect(new RegExp(`^${hclSafeSelectionPattern('4\\d{2}', 'f')}$`).test(String(status))).toBe(
        /^4\d{2}$/.test(String(status)),
      );
    }
  });
});
