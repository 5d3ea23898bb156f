import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { ValidationError } from '@aws-log-mcp/shared';
import { decodeJsonencode } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
// Type declarations of the cdktf jest matchers registered by Testing.setupJest().
import 'cdktf/lib/testing/adapters/jest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DEFAULT_BUNDLE_PATH } from '../../src/infra/mcp-function';
import { synth, Synthesized } from './helpers';

Testing.setupJest();

describe('McpServerStack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });

  describe('Cognito', () => {
    it('creates a user pool with secure defaults', () => {
      expect(s.of('aws_cognito_user_pool')).toEqual([
        expect.objectContaining({
          name: 'acme-dev-mcp-server-users',
          deletion_protection: 'ACTIVE',
          user_pool_tier: 'ESSENTIALS',
          mfa_configuration: 'OPTIONAL',
          software_token_mfa_configuration: { enabled: true },
          admin_create_user_config: { allow_admin_create_user_only: true },
          username_attributes: ['email'],
          password_policy: expect.objectContaining({
            minimum_length: 12,
            require_symbols: true,
            require_numbers: true,
            temporary_password_validity_days: 3,
          }),
        }),
      ]);
    });

    it('creates the managed login domain, the resource server with the MCP scope, and the resource binding', () => {
      expect(s.of('aws_cognito_user_pool_domain')).toEqual([expect.objectContaining({ domain: 'acme-dev-mcp-server' })]);
      const front = s.ref('aws_apigatewayv2_api');
      expect(s.template.resources('aws_cognito_resource_server')).toEqual({
        this: expect.objectContaining({
          identifier: 'mcp',
          scope: [{ scope_name: 'tools', scope_description: 'Call the MCP server tools' }],
        }),
        // RFC 8707: the identifier is the protected resource metadata's resource, what MCP clients send.
        mcp_resource: {
          identifier: `\${${front}.api_endpoint}/mcp`,
          name: 'acme-dev-mcp-server-users-mcp-resource',
          user_pool_id: `\${${s.ref('aws_cognito_user_pool')}.id}`,
        },
      });
      expect(s.of('aws_cognito_user_pool_client')).toEqual([]);
    });

    it('on the Lite plan: no resource binding, no rotation (and asking for rotation there is refused)', () => {
      const lite = synth({
        cognito: { tier: 'LITE' },
        preRegisteredClient: { name: 'x', callbackUrls: ['http://localhost/cb'] },
      });
      expect(Object.keys(lite.template.resources('aws_cognito_resource_server'))).toEqual(['this']);
      const vars = lite.of('aws_api_gateway_stage')[0].variables as Record<string, string>;
      expect(vars).toMatchObject({ refreshTokenRotation: 'DISABLED', resourceIndicators: 'false' });
      const client = lite.of('aws_cognito_user_pool_client')[0];
      expect(client.explicit_auth_flows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      expect(client.refresh_token_rotation).toBeUndefined();
      expect(() => synth({ cognito: { tier: 'LITE' }, refreshTokenRotation: { enabled: true } })).toThrow(
        /refreshTokenRotation\.enabled: \[cognito\.refreshTokenRotation\] needs the ESSENTIALS or PLUS feature plan/,
      );
    });

    it('rotates the refresh tokens of every client by default, with the configured grace period', () => {
      const c = synth({
        refreshTokenRotation: { retryGracePeriodSeconds: 5 },
        preRegisteredClient: { name: 'x', callbackUrls: ['http://localhost/cb'] },
      });
      const client = c.of('aws_cognito_user_pool_client')[0];
      expect(client.refresh_token_rotation).toEqual([{ feature: 'ENABLED', retry_grace_period_seconds: 5 }]);
      expect(client.explicit_auth_flows).toEqual([]);
      expect(c.of('aws_api_gateway_stage')[0].variables).toMatchObject({
        refreshTokenRotation: 'ENABLED',
        refreshTokenRetryGraceSeconds: '5',
      });
      const off = synth({ refreshTokenRotation: { enabled: false } }).of('aws_api_gateway_stage')[0].variables;
      expect(off).toMatchObject({ refreshTokenRotation: 'DISABLED' });
    });

    it('carries the redirect policy to the registration template, and warns about an open one', () => {
      const c = synth({
        registration: { redirectPolicy: { additionalHttpsHosts: ['openwebui.example.org'], loopbackHosts: ['localhost'] } },
      });
      expect(c.of('aws_api_gateway_stage')[0].variables).toMatchObject({
        redirectHttpsHosts:
          'claude.ai,claude.com,chatgpt.com,vscode.dev,insiders.vscode.dev,www.cursor.com,oauth2.slack.com,openwebui.example.org',
        redirectLoopbackHosts: 'localhost',
        redirectSchemes: 'cursor,vscode,vscode-insiders,.',
      });
      const open = synth({ registration: { redirectPolicy: { https: 'open' } } });
      const warnings = open.stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
      expect(warnings).toEqual([expect.stringMatching(/registration\.redirectPolicy\.https is "open"/)]);
      expect((open.of('aws_api_gateway_stage')[0].variables as Record<string, string>).redirectHttpsHosts).toBe('~');
      expect(synth().stack.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
    });

    it('applies MFA, self sign-up, domain prefix and a pre-registered public PKCE client from config', () => {
      const c = synth({
        cognito: { domainPrefix: 'my-mcp-login', mfa: 'ON', selfSignUp: true, deletionProtection: false, tier: 'PLUS' },
        tokenValidity: { accessTokenMinutes: 15 },
        preRegisteredClient: { name: 'vscode', callbackUrls: ['http://127.0.0.1:33418/', 'https://vscode.dev/redirect'] },
      });
      expect(c.of('aws_cognito_user_pool')[0]).toMatchObject({
        mfa_configuration: 'ON',
        deletion_protection: 'INACTIVE',
        user_pool_tier: 'PLUS',
        admin_create_user_config: { allow_admin_create_user_only: false },
      });
      expect(c.of('aws_cognito_user_pool_domain')[0].domain).toBe('my-mcp-login');
      expect(c.of('aws_cognito_user_pool_client')).toEqual([
        expect.objectContaining({
          name: 'vscode',
          generate_secret: false,
          allowed_oauth_flows: ['code'],
          allowed_oauth_scopes: ['openid', 'mcp/tools'],
          callback_urls: ['http://127.0.0.1:33418/', 'https://vscode.dev/redirect'],
          explicit_auth_flows: [],
          refresh_token_rotation: [{ feature: 'ENABLED', retry_grace_period_seconds: 60 }],
          access_token_validity: 15,
          token_validity_units: [{ access_token: 'minutes', id_token: 'minutes', refresh_token: 'days' }],
        }),
      ]);
      expect(c.json.output.pre_registered_client_id).toBeDefined();
      expect((c.of('aws_api_gateway_stage')[0].variables as Record<string, string>).accessTokenValidity).toBe('15');
      const mfaOff = synth({ cognito: { mfa: 'OFF' } }).of('aws_cognito_user_pool')[0];
      expect(mfaOff.mfa_configuration).toBe('OFF');
      expect(mfaOff.software_token_mfa_configuration).toBeUndefined();
    });
  });

  describe('Lambda', () => {
    it('runs the bundle on Node.js 22 from a relative, content-addressed asset', () => {
      const fn = s.template.resource('aws_lambda_function', 'tools');
      const md5 = createHash('md5').update(readFileSync(DEFAULT_BUNDLE_PATH)).digest('hex').toUpperCase();
      const asset = `assets/tools_bundle_1FCC5A66/${md5}/bundle.zip`;
      expect(fn).toMatchObject({
        function_name: 'acme-dev-mcp-server-tools',
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'handler.handler',
        filename: asset,
        source_code_hash: `\${filebase64sha256("${asset}")}`,
        timeout: 10,
        memory_size: 256,
        logging_config: {
          log_format: 'Text',
          log_group: `\${${s.ref('aws_cloudwatch_log_group', (g) => g.name === '/aws/lambda/acme-dev-mcp-server-tools')}.name}`,
        },
      });
      const env = (fn.environment as { variables: Record<string, string> }).variables;
      const front = s.ref('aws_apigatewayv2_api');
      expect(env).toEqual({
        MCP_REQUIRED_SCOPE: 'mcp/tools',
        MCP_RESOURCE_METADATA_URL: `\${${front}.api_endpoint}/.well-known/oauth-protected-resource`,
        MCP_TOKEN_ISSUER: `https://cognito-idp.eu-west-1.amazonaws.com/\${${s.ref('aws_cognito_user_pool')}.id}`,
        MCP_RESOURCE: `\${${front}.api_endpoint}/mcp`,
        LOG_LEVEL: 'info',
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('reserves concurrency (also its ceiling) from config, 10 by default, and refuses 0 or more than 1000', () => {
      expect(s.template.resource('aws_lambda_function', 'tools').reserved_concurrent_executions).toBe(10);
      expect(
        synth({ lambda: { reservedConcurrency: 3 } }).template.resource('aws_lambda_function', 'tools')
          .reserved_concurrent_executions,
      ).toBe(3);
      for (const bad of [0, -1, 1001, 2.5, '10', null]) {
        expect(() => synth({ lambda: { reservedConcurrency: bad } })).toThrow(
          'environments.dev.apps.mcp-server.lambda.reservedConcurrency',
        );
      }
    });

    it('describes the role by what it may do, with and without the log tools', () => {
      const description = (app: Record<string, unknown>) =>
        synth(app)
          .of('aws_iam_role')
          .find((r) => r.name === 'acme-dev-mcp-server-tools')!.description;
      expect(description({})).toBe('MCP tools Lambda: writes its own log group');
      expect(description({ logTools: { enabled: true } })).toBe(
        'MCP tools Lambda: writes its own log group and reads the log table (Athena in its workgroup, Glue, Lake Formation)',
      );
    });

    it('gives the function a role that can only write its own log group', () => {
      const role = s.ref('aws_iam_role', (r) => r.name === 'acme-dev-mcp-server-tools');
      const policies = s.of('aws_iam_role_policy').filter((p) => p.role === `\${${role}.id}`);
      expect(policies).toHaveLength(1);
      const group = s.ref('aws_cloudwatch_log_group', (g) => g.name === '/aws/lambda/acme-dev-mcp-server-tools');
      expect(policies[0].policy).toBe(
        `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "WriteLogs", "Effect" = "Allow", "Action" = ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource" = "\${${group}.arn}:*"}]})}`,
      );
      expect(s.of('aws_iam_role_policy_attachment')).toEqual([]);
    });
  });

  describe('HTTP API front', () => {
    it('forwards each host-root path to the same path on the literal REST stage', () => {
      const api = s.ref('aws_apigatewayv2_api');
      const rest = s.ref('aws_api_gateway_rest_api');
      expect(s.of('aws_apigatewayv2_api')[0]).toMatchObject({ protocol_type: 'HTTP' });
      expect(s.of('aws_apigatewayv2_api')[0].cors_configuration).toBeUndefined();
      const integrations = Object.fromEntries(
        Object.entries(s.json.resource.aws_apigatewayv2_integration).map(([id, i]) => [`aws_apigatewayv2_integration.${id}`, i]),
      );
      const routes = s.of('aws_apigatewayv2_route').map((r) => {
        const target = integrations[String(r.target).match(/\$\{(.+)\.id\}/)![1]];
        expect(target).toMatchObject({
          integration_type: 'HTTP_PROXY',
          integration_method: 'ANY',
          payload_format_version: '1.0',
          api_id: `\${${api}.id}`,
        });
        return [r.route_key, target.integration_uri];
      });
      const stage = `https://\${${rest}.id}.execute-api.eu-west-1.amazonaws.com/api`;
      expect(routes.sort()).toEqual(
        [
          ['ANY /.well-known/oauth-authorization-server', `${stage}/.well-known/oauth-authorization-server`],
          ['ANY /.well-known/oauth-protected-resource', `${stage}/.well-known/oauth-protected-resource`],
          ['ANY /.well-known/oauth-protected-resource/mcp', `${stage}/.well-known/oauth-protected-resource/mcp`],
          ['ANY /authorize', `${stage}/authorize`],
          ['ANY /mcp', `${stage}/mcp`],
          ['ANY /register', `${stage}/register`],
        ].sort(),
      );
      expect(s.of('aws_apigatewayv2_stage')).toEqual([
        expect.objectContaining({
          name: '$default',
          auto_deploy: true,
          default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
        }),
      ]);
    });
  });

  it('outputs the endpoint, metadata and registration URLs, pool id and domain', () => {
    const base = `\${${s.ref('aws_apigatewayv2_api')}.api_endpoint}`;
    const out = Object.fromEntries(Object.entries(s.json.output).map(([k, v]) => [k, v.value]));
    expect(out).toEqual({
      mcp_endpoint: `${base}/mcp`,
      authorization_server_metadata_url: `${base}/.well-known/oauth-authorization-server`,
      protected_resource_metadata_url: `${base}/.well-known/oauth-protected-resource/mcp`,
      registration_url: `${base}/register`,
      user_pool_id: `\${${s.ref('aws_cognito_user_pool')}.id}`,
      cognito_domain_url: 'https://acme-dev-mcp-server.auth.eu-west-1.amazoncognito.com',
      rest_api_stage_url: `https://\${${s.ref('aws_api_gateway_rest_api')}.id}.execute-api.eu-west-1.amazonaws.com/api`,
    });
  });

  it('manages the API Gateway account CloudWatch role only when configured: it writes and lists log groups of this account and region, and reads none', () => {
    expect(s.of('aws_api_gateway_account')).toEqual([]);
    const c = synth({ manageApiGatewayAccountLogging: true });
    const role = c.ref('aws_iam_role', (r) => r.name === 'acme-dev-mcp-server-apigw-logs');
    const account = c.ref('aws_api_gateway_account');
    expect(c.of('aws_api_gateway_account')[0].cloudwatch_role_arn).toBe(`\${${role}.arn}`);
    const policy = c.of('aws_iam_role_policy').find((p) => p.role === `\${${role}.id}`)!;
    expect(decodeJsonencode(policy.policy as string).Statement).toEqual([
      {
        Sid: 'PushApiGatewayLogs',
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
        ],
        Resource:
          'arn:${data.aws_partition.current.partition}:logs:eu-west-1:${data.aws_caller_identity.current.account_id}:log-group:*',
      },
    ]);
    // No action that reads log events, and no literal partition.
    expect(policy.policy).not.toMatch(/GetLogEvents|FilterLogEvents|StartQuery|arn:aws:/);
    expect(c.of('aws_api_gateway_stage')[0].depends_on).toEqual([account]);
    const trust = c.of('aws_iam_role').find((r) => r.name === 'acme-dev-mcp-server-apigw-logs')!.assume_role_policy;
    expect(trust).toContain('"aws:SourceAccount" = data.aws_caller_identity.current.account_id');
  });

  it('matches with the cdktf jest matchers too', () => {
    const stack = Testing.synth(s.stack);
    expect(stack).toHaveResourceWithProperties(ApiGatewayAuthorizer, {
      type: 'COGNITO_USER_POOLS',
      identity_source: 'method.request.header.Authorization',
    });
    expect(stack).toHaveResourceWithProperties(ApiGatewayMethod, {
      http_method: 'POST',
      authorization: 'COGNITO_USER_POOLS',
      authorization_scopes: ['mcp/tools'],
    });
    expect(stack).toHaveResourceWithProperties(ApiGatewayGatewayResponse, { response_type: 'UNAUTHORIZED', status_code: '401' });
    expect(stack).toHaveResourceWithProperties(LambdaFunction, { runtime: 'nodejs22.x' });
    expect(stack).toHaveResource(ApiGatewayDeployment);
    expect(stack).not.toHaveResource(ApiGatewayAccount);
  });

  it('uses only the caller-identity and partition data sources (plans against an emulator)', () => {
    expect(s.json.data).toEqual({ aws_caller_identity: { current: {} }, aws_partition: { current: {} } });
  });

  it('leaves no absolute path in the synthesized JSON', () => {
    expect(JSON.stringify(s.json)).not.toContain(process.cwd());
  });

  describe('hostile configuration fails at synth time naming the field', () => {
    it.each([
      [
        { cognito: { domainPrefix: 'my-aws-login' } },
        'environments.dev.apps.mcp-server.cognito.domainPrefix',
        /cognito\.domainPrefix/,
      ],
      [{ cognito: { domainPrefix: '-x' } }, 'environments.dev.apps.mcp-server.cognito.domainPrefix', /hyphen/],
      [{ cognito: { mfa: 'SMS' } }, 'environments.dev.apps.mcp-server.cognito.mfa', /OFF|OPTIONAL|ON/],
      [{ cognito: { tier: 'FREE' } }, 'environments.dev.apps.mcp-server.cognito.tier', /LITE|ESSENTIALS|PLUS/],
      [
        { cognito: { scopes: [{ name: 'a b', description: 'x' }] } },
        'environments.dev.apps.mcp-server.cognito.scopes.0.name',
        /letters/,
      ],
      [{ cognito: { scopes: [] } }, 'environments.dev.apps.mcp-server.cognito.scopes', /./],
      [{ tokenValidity: { accessTokenMinutes: 2 } }, 'environments.dev.apps.mcp-server.tokenValidity.accessTokenMinutes', /5/],
      [{ logRetentionDays: 2 }, 'environments.dev.apps.mcp-server.logRetentionDays', /one of/],
      [{ throttling: { register: { rateLimit: -1 } } }, 'environments.dev.apps.mcp-server.throttling.register.rateLimit', /./],
      [
        { preRegisteredClient: { name: 'x', callbackUrls: ['http://evil.example/cb'] } },
        'environments.dev.apps.mcp-server.preRegisteredClient.callbackUrls.0',
        /./,
      ],
      [
        { preRegisteredClient: { name: 'x', callbackUrls: ['javascript:alert(1)'] } },
        'environments.dev.apps.mcp-server.preRegisteredClient.callbackUrls.0',
        /./,
      ],
      [
        { preRegisteredClient: { name: 'x', callbackUrls: ['https://ok.example/#frag'] } },
        'environments.dev.apps.mcp-server.preRegisteredClient.callbackUrls.0',
        /fragment/,
      ],
      [
        { preRegisteredClient: { name: 'bad"name', callbackUrls: ['https://ok.example/'] } },
        'environments.dev.apps.mcp-server.preRegisteredClient.name',
        /Cognito/,
      ],
      [{ unknownKey: true }, 'environments.dev.apps.mcp-server', /unrecognized|Unrecognized/],
    ])('%j', (config, field, rule) => {
      let error: unknown;
      try {
        synth(config as Record<string, unknown>);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).message).toMatch(rule);
    });

    it('rejects a derived domain prefix that breaks the Cognito rule', () => {
      expect(() => synth({}, { project: 'amazon' })).toThrow(/cognito\.domainPrefix/);
    });
  });
});
