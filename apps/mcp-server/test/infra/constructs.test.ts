import { ServiceRole, ValidationError } from '@aws-log-mcp/shared';
import { testEnvironment, testStack } from '@aws-log-mcp/shared/testing';
import { resolveTokens, Template } from '@aws-log-mcp/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HttpApiFront } from '../../src/infra/http-api-front';
import { McpFunction, McpFunctionProps } from '../../src/infra/mcp-function';
import { McpUserPool } from '../../src/infra/mcp-user-pool';
import { MfaScopeTrigger } from '../../src/infra/mfa-scope-trigger';

const stack = () => testStack(testEnvironment(), 'mcp-server');
const zip = () => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'mcp-')), 'bundle.zip');
  writeFileSync(p, 'PK fake zip for synth');
  return p;
};
const fnProps = (over: Partial<McpFunctionProps> = {}): McpFunctionProps => ({
  functionName: 'fn',
  roleName: 'role',
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
    expect(Template.synth(a).resource('aws_lambda_function', 'tools')).toEqual(
      Template.synth(b).resource('aws_lambda_function', 'tools'),
    );
  });

  it('names its resources after its address name, and the API Gateway permission after its id', () => {
    const s = stack();
    const fn = new McpFunction(s, 'tools', fnProps());
    fn.grantInvokeFromApiGateway('invoke-from-rest-api', 'arn:aws:execute-api:eu-west-1:1:abc/api/*/mcp');
    expect(Template.synth(s).addresses()).toEqual([
      'aws_cloudwatch_log_group.tools',
      'aws_iam_role.tools',
      'aws_iam_role_policy.tools',
      'aws_lambda_function.tools',
      'aws_lambda_permission.tools_invoke_from_rest_api',
    ]);
  });
});

describe('McpUserPool', () => {
  it('names the pool, domain and resource server `this`, and grants client creation on this pool only', () => {
    const s = stack();
    const pool = new McpUserPool(s, 'auth', { poolName: 'p', domainPrefix: 'ok' });
    const registration = new ServiceRole(s, 'registration', { roleName: 'r', servicePrincipal: 'apigateway.amazonaws.com' });
    expect(resolveTokens(s, pool.grantCreateClient(registration).statements)).toEqual(
      resolveTokens(s, pool.createClientStatements()),
    );
    const t = Template.synth(s);
    expect(t.addresses()).toEqual([
      'aws_cognito_resource_server.this',
      'aws_cognito_user_pool.this',
      'aws_cognito_user_pool_domain.this',
      'aws_iam_role.registration',
      'aws_iam_role_policy.registration',
    ]);
    expect(t.resource('aws_iam_role_policy', 'registration').policy).toContain(
      '"Action" = "cognito-idp:CreateUserPoolClient", "Resource" = aws_cognito_user_pool.this.arn',
    );
    expect(pool.domainUrl).toBe('https://ok.auth.eu-west-1.amazoncognito.com');
  });

  it('refuses threat protection below PLUS and an access-token trigger on LITE, naming the prop', () => {
    const trigger = { lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f', lambdaVersion: 'V2_0' } as const;
    expect(() => new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: 'ok', threatProtection: 'AUDIT' })).toThrow(
      'auth.threatProtection: [cognito.threatProtectionTier] threat protection (AUDIT) needs the PLUS tier; this pool is ESSENTIALS',
    );
    expect(
      () => new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: 'ok', tier: 'LITE', preTokenGeneration: trigger }),
    ).toThrow('auth.preTokenGeneration: [cognito.accessTokenCustomizationTier]');
    expect(new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: 'ok', tier: 'PLUS' }).threatProtection).toBe(
      'ENFORCED',
    );
    expect(new McpUserPool(stack(), 'auth', { poolName: 'p', domainPrefix: 'ok' }).threatProtection).toBe('OFF');
  });
});

describe('bundled functions', () => {
  it('refuse a reserved concurrency of 0 or above 1000 on the tools function and on the MFA trigger', () => {
    for (const bad of [0, 1001, 1.5]) {
      expect(fieldOf(() => new McpFunction(stack(), 'tools', fnProps({ reservedConcurrency: bad })))).toBe(
        'tools.reservedConcurrency',
      );
      expect(
        fieldOf(
          () =>
            new MfaScopeTrigger(stack(), 'mfa', {
              functionName: 'f',
              roleName: 'r',
              guardedScopes: ['mcp/logs.read'],
              bundlePath: zip(),
              reservedConcurrency: bad,
            }),
        ),
      ).toBe('mfa.reservedConcurrency');
    }
  });

  it('refuse a trigger without a full scope to guard', () => {
    for (const guardedScopes of [[], ['logs.read'], ['mcp/logs read'], ['mcp/"x']]) {
      expect(
        fieldOf(
          () => new MfaScopeTrigger(stack(), 'mfa', { functionName: 'f', roleName: 'r', guardedScopes, bundlePath: zip() }),
        ),
      ).toBe('mfa.guardedScopes');
    }
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
