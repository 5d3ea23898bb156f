import { ValidationError } from '@aws-log-mcp/shared';
import { Testing, TerraformStack } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HttpApiFront } from '../../src/infra/http-api-front';
import { McpFunction, McpFunctionProps } from '../../src/infra/mcp-function';
import { McpUserPool } from '../../src/infra/mcp-user-pool';

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
