import { decodeJsonencode } from '@aws-log-mcp/testing';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { unescapeTerraform } from '@aws-log-mcp/shared';
import {
  dcrRequestModelSchemaJson,
  MCP_METHOD_RESPONSE_STATUS_CODES,
  stageVariables,
  TEMPLATES_DIR,
  wwwAuthenticateHeaderValue,
} from '@aws-log-mcp/vtl-templates';
import { renderMappingTemplate } from '@aws-log-mcp/vtl-templates/emulator';
import { Testing } from 'cdktf';
import { McpServerStack } from '../../src/stack';
import { environment, synth, Synthesized } from './helpers';

/**
 * Evaluates `${format("<literal>", <reference>)}` the way Terraform does for one `%s` and `%%`,
 * leaving the reference as `${reference}`.
 */
function evaluateFormat(expr: string): string {
  const m = /^\$\{format\(("(?:[^"\\]|\\.)*"), ([\w.-]+)\)\}$/.exec(expr);
  if (!m) throw new Error(`not a format() expression: ${expr}`);
  const literal = JSON.parse(m[1]) as string;
  return literal.replace(/%%|%s/g, (x) => (x === '%%' ? '%' : `\${${m[2]}}`));
}

const vtl = (name: string) => readFileSync(path.join(TEMPLATES_DIR, `${name}.vtl`), 'utf8');

describe('OAuthRestApi in the synthesized stack', () => {
  let s: Synthesized;
  let api: string;
  let front: string;
  let resourcePaths: Map<string, string>; // resource address -> full path

  beforeAll(() => {
    s = synth();
    api = s.ref('aws_api_gateway_rest_api');
    front = s.ref('aws_apigatewayv2_api');
    const resources = s.json.resource.aws_api_gateway_resource;
    resourcePaths = new Map();
    const full = (id: string): string => {
      const r = resources[id];
      const parent = String(r.parent_id);
      const parentPath =
        parent === `\${${api}.root_resource_id}` ? '' : full(parent.match(/aws_api_gateway_resource\.([^.]+)\.id/)![1]);
      return `${parentPath}/${r.path_part}`;
    };
    for (const id of Object.keys(resources)) resourcePaths.set(`\${aws_api_gateway_resource.${id}.id}`, full(id));
  });

  const pathOf = (r: Record<string, unknown>) => resourcePaths.get(String(r.resource_id));
  const find = (type: string, httpMethod: string, p: string, status?: string) =>
    s
      .of(type)
      .filter((r) => r.http_method === httpMethod && pathOf(r) === p && (status === undefined || r.status_code === status));

  it('is a regional REST API', () => {
    expect(s.of('aws_api_gateway_rest_api')[0]).toMatchObject({
      name: 'acme-dev-mcp-server-api',
      endpoint_configuration: { types: ['REGIONAL'] },
    });
  });

  it('has exactly the metadata, register and mcp resources', () => {
    expect([...resourcePaths.values()].sort()).toEqual([
      '/.well-known',
      '/.well-known/oauth-authorization-server',
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
      '/authorize',
      '/mcp',
      '/register',
    ]);
  });

  it('has exactly these methods, authorization and scopes', () => {
    const methods = s
      .of('aws_api_gateway_method')
      .map(
        (m) =>
          `${m.http_method} ${pathOf(m)} ${m.authorization}${m.authorization_scopes ? ` ${JSON.stringify(m.authorization_scopes)}` : ''}`,
      )
      .sort();
    expect(methods).toEqual([
      'DELETE /mcp COGNITO_USER_POOLS ["mcp/tools"]',
      'GET /.well-known/oauth-authorization-server NONE',
      'GET /.well-known/oauth-protected-resource NONE',
      'GET /.well-known/oauth-protected-resource/mcp NONE',
      'GET /authorize NONE',
      'GET /mcp COGNITO_USER_POOLS ["mcp/tools"]',
      'OPTIONS /.well-known/oauth-authorization-server NONE',
      'OPTIONS /.well-known/oauth-protected-resource NONE',
      'OPTIONS /.well-known/oauth-protected-resource/mcp NONE',
      'OPTIONS /authorize NONE',
      'OPTIONS /mcp NONE',
      'OPTIONS /register NONE',
      'POST /mcp COGNITO_USER_POOLS ["mcp/tools"]',
      'POST /register NONE',
    ]);
    const authorizer = s.ref('aws_api_gateway_authorizer');
    for (const m of s.of('aws_api_gateway_method').filter((x) => x.authorization === 'COGNITO_USER_POOLS')) {
      expect(m.authorizer_id).toBe(`\${${authorizer}.id}`);
    }
  });

  it('uses a Cognito user pool authorizer on the Authorization header of this pool', () => {
    expect(s.of('aws_api_gateway_authorizer')).toEqual([
      expect.objectContaining({
        type: 'COGNITO_USER_POOLS',
        identity_source: 'method.request.header.Authorization',
        provider_arns: [`\${${s.ref('aws_cognito_user_pool')}.arn}`],
      }),
    ]);
  });

  it.each([
    ['/.well-known/oauth-authorization-server', 'authorization-server-metadata'],
    ['/.well-known/oauth-protected-resource', 'protected-resource-metadata'],
    ['/.well-known/oauth-protected-resource/mcp', 'protected-resource-metadata'],
  ])('serves %s from a Mock integration with %s.vtl byte for byte', (p, template) => {
    const [integration] = find('aws_api_gateway_integration', 'GET', p);
    expect(integration).toMatchObject({ type: 'MOCK' });
    const req = (integration.request_templates as Record<string, string>)['application/json'];
    expect(unescapeTerraform(req)).toBe(vtl('mock-integration-request'));
    const [response] = find('aws_api_gateway_integration_response', 'GET', p, '200');
    const text = (response.response_templates as Record<string, string>)['application/json'];
    expect(unescapeTerraform(text)).toBe(vtl(template));
    expect(text).not.toMatch(/(^|[^$])\$\{/); // no bare interpolation left for Terraform to evaluate
    expect(response.response_parameters).toEqual({
      'method.response.header.Access-Control-Allow-Origin': "'*'",
      'method.response.header.Cache-Control': "'public, max-age=300'",
    });
    const [methodResponse] = find('aws_api_gateway_method_response', 'GET', p, '200');
    expect(methodResponse.response_parameters).toEqual({
      'method.response.header.Access-Control-Allow-Origin': true,
      'method.response.header.Cache-Control': true,
    });
  });

  it('maps POST /register onto cognito-idp CreateUserPoolClient with the package templates', () => {
    const [integration] = find('aws_api_gateway_integration', 'POST', '/register');
    expect(integration).toMatchObject({
      type: 'AWS',
      integration_http_method: 'POST',
      uri: 'arn:${data.aws_partition.current.partition}:apigateway:eu-west-1:cognito-idp:action/CreateUserPoolClient',
      passthrough_behavior: 'NEVER',
      request_parameters: {
        'integration.request.header.X-Amz-Target': "'AWSCognitoIdentityProviderService.CreateUserPoolClient'",
        'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
      },
      credentials: `\${${s.ref('aws_iam_role', (r) => r.name === 'acme-dev-mcp-server-register')}.arn}`,
    });
    expect(unescapeTerraform((integration.request_templates as Record<string, string>)['application/json'])).toBe(
      vtl('dcr-request'),
    );

    const responses = find('aws_api_gateway_integration_response', 'POST', '/register').map((r) => [
      r.status_code,
      r.selection_pattern ?? null,
      unescapeTerraform((r.response_templates as Record<string, string>)['application/json']),
    ]);
    expect(responses.sort()).toEqual([
      ['201', null, vtl('dcr-response')],
      // The package's 4\\d{2} / 5\\d{2}, without the backslash cdktf cannot render to HCL.
      ['400', '4[0-9]{2}', vtl('dcr-error')],
      ['500', '5[0-9]{2}', vtl('dcr-error')],
    ]);
    expect(
      find('aws_api_gateway_method_response', 'POST', '/register')
        .map((r) => r.status_code)
        .sort(),
    ).toEqual(['201', '400', '429', '500', '503']);
  });

  it('validates the registration body against the package JSON Schema model', () => {
    const [method] = find('aws_api_gateway_method', 'POST', '/register');
    const model = s.of('aws_api_gateway_model')[0];
    expect(model).toMatchObject({ name: 'DynamicClientRegistrationRequest', content_type: 'application/json' });
    expect(JSON.parse(unescapeTerraform(String(model.schema)))).toEqual(JSON.parse(dcrRequestModelSchemaJson()));
    expect(method.request_models).toEqual({ 'application/json': `\${${s.ref('aws_api_gateway_model')}.name}` });
    expect(method.request_validator_id).toBe(`\${${s.ref('aws_api_gateway_request_validator')}.id}`);
    expect(s.of('aws_api_gateway_request_validator')[0]).toMatchObject({
      validate_request_body: true,
      validate_request_parameters: false,
    });
  });

  it('allows the registration role CreateUserPoolClient on this pool only', () => {
    const role = s.ref('aws_iam_role', (r) => r.name === 'acme-dev-mcp-server-register');
    const policy = s.of('aws_iam_role_policy').find((p) => p.role === `\${${role}.id}`)!;
    expect(policy.policy).toBe(
      `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "RegisterClients", "Effect" = "Allow", "Action" = "cognito-idp:CreateUserPoolClient", "Resource" = ${s.ref('aws_cognito_user_pool')}.arn}]})}`,
    );
  });

  it('lets API Gateway assume the registration role only for this REST API in this account (confused deputy)', () => {
    const trust = decodeJsonencode(
      s.of('aws_iam_role').find((r) => r.name === 'acme-dev-mcp-server-register')!.assume_role_policy as string,
    );
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
          ArnLike: { 'aws:SourceArn': '${aws_api_gateway_rest_api.this.execution_arn}/*' },
        },
      },
    ]);
  });

  it('integrates POST, GET and DELETE /mcp with the Lambda through templates, not as a proxy', () => {
    const fn = 'aws_lambda_function.tools';
    for (const m of ['POST', 'GET', 'DELETE']) {
      const [integration] = find('aws_api_gateway_integration', m, '/mcp');
      expect(integration).toMatchObject({
        type: 'AWS',
        integration_http_method: 'POST',
        uri: `\${${fn}.invoke_arn}`,
        passthrough_behavior: 'NEVER',
      });
      expect(Object.keys(integration.request_templates as Record<string, string>)).toEqual(['application/json']);
      expect(unescapeTerraform((integration.request_templates as Record<string, string>)['application/json'])).toBe(
        vtl('mcp-request'),
      );
    }
    expect(s.of('aws_lambda_permission')).toEqual([
      expect.objectContaining({
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        source_arn: `\${${api}.execution_arn}/api/*/mcp`,
      }),
    ]);
  });

  // The deployed path of a challenge the Lambda writes: a proxy integration would rename WWW-Authenticate to
  // x-amzn-Remapped-WWW-Authenticate, so /mcp must be a non-proxy integration whose single integration response runs
  // mcp-response.vtl (which sets the header through $context.responseOverride), and every status it can set must be a
  // method response declaring the header. The HTTP API front forwards the REST stage's response as it is.
  it.each(['POST', 'GET', 'DELETE'])('%s /mcp: the WWW-Authenticate the Lambda sets reaches the client', (m) => {
    const [integration] = find('aws_api_gateway_integration', m, '/mcp');
    expect(integration.type).not.toBe('AWS_PROXY');
    const responses = find('aws_api_gateway_integration_response', m, '/mcp');
    expect(responses).toHaveLength(1);
    expect(responses[0].selection_pattern).toBeUndefined();
    const template = unescapeTerraform((responses[0].response_templates as Record<string, string>)['application/json']);
    expect(template).toBe(vtl('mcp-response'));
    expect(template).toContain('#if(!$value.isEmpty())#set($context.responseOverride.header.WWW-Authenticate = $value)#end');
    const declared = find('aws_api_gateway_method_response', m, '/mcp');
    expect(declared.map((r) => r.status_code).sort()).toEqual([...MCP_METHOD_RESPONSE_STATUS_CODES].sort());
    for (const r of declared) {
      expect(r.response_parameters).toMatchObject({ 'method.response.header.WWW-Authenticate': true });
    }
    expect(declared.map((r) => r.status_code)).toEqual(expect.arrayContaining(['401', '403']));
    // The synthesized template, run on the handler's 401 and 403 results, hands the challenge on unchanged.
    for (const [status, challenge] of [
      [401, 'Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource", error="invalid_token"'],
      [
        403,
        'Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource", error="insufficient_scope", scope="mcp/tools mcp/logs.read"',
      ],
    ] as const) {
      const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'no' }, id: null });
      const rendered = renderMappingTemplate(template, {
        body: JSON.stringify({
          statusCode: status,
          headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
          body,
        }),
      });
      expect(rendered.responseOverride.status).toBe(status);
      expect(rendered.responseOverride.header).toMatchObject({ 'WWW-Authenticate': challenge });
      expect(rendered.output).toBe(body);
    }
  });

  it('GET /authorize: a Mock whose response template redirects to Cognito, never cached', () => {
    const [integration] = find('aws_api_gateway_integration', 'GET', '/authorize');
    expect(integration.type).toBe('MOCK');
    const [response] = find('aws_api_gateway_integration_response', 'GET', '/authorize');
    expect(response.status_code).toBe('302');
    const templates = response.response_templates as Record<string, string>;
    expect(Object.keys(templates).sort()).toEqual(['application/json', 'text/html']);
    for (const t of Object.values(templates)) expect(unescapeTerraform(t)).toBe(vtl('authorize-redirect'));
    expect(response.response_parameters).toEqual({ 'method.response.header.Cache-Control': "'no-store'" });
    const declared = find('aws_api_gateway_method_response', 'GET', '/authorize');
    expect(declared.map((r) => [r.status_code, Object.keys(r.response_parameters as object).sort()])).toEqual([
      ['302', ['method.response.header.Cache-Control', 'method.response.header.Location']],
      ['400', ['method.response.header.Cache-Control']],
    ]);
  });

  it.each([
    '/.well-known/oauth-authorization-server',
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/mcp',
    '/register',
    '/authorize',
    '/mcp',
  ])('answers CORS preflight on %s with the MCP headers', (p) => {
    const [integration] = find('aws_api_gateway_integration', 'OPTIONS', p);
    expect(integration.type).toBe('MOCK');
    const [response] = find('aws_api_gateway_integration_response', 'OPTIONS', p, '204');
    const params = response.response_parameters as Record<string, string>;
    expect(params['method.response.header.Access-Control-Allow-Origin']).toBe("'*'");
    expect(params['method.response.header.Access-Control-Allow-Headers']).toBe(
      "'Authorization,Content-Type,Accept,Mcp-Protocol-Version,Mcp-Session-Id,Last-Event-ID'",
    );
    expect(params['method.response.header.Access-Control-Allow-Methods']).toMatch(/OPTIONS'$/);
  });

  it('challenges with WWW-Authenticate on UNAUTHORIZED and EXPIRED_TOKEN, exact string', () => {
    // format() keeps the HCL rendering valid (see hcl-safe.ts); Terraform evaluates it to
    // 'Bearer resource_metadata="<front URL>/.well-known/oauth-protected-resource", scope="mcp/tools"'.
    const expected = `\${format("'Bearer resource_metadata=\\"%s/.well-known/oauth-protected-resource\\", scope=\\"mcp/tools\\"'", ${front}.api_endpoint)}`;
    expect(evaluateFormat(expected)).toBe(
      wwwAuthenticateHeaderValue({
        resourceMetadataUrl: `\${${front}.api_endpoint}/.well-known/oauth-protected-resource`,
        scope: 'mcp/tools',
      }),
    );
    for (const type of ['UNAUTHORIZED', 'EXPIRED_TOKEN']) {
      const r = s.of('aws_api_gateway_gateway_response').find((g) => g.response_type === type)!;
      expect(r.status_code).toBe('401');
      expect(r.response_parameters).toEqual({
        'gatewayresponse.header.WWW-Authenticate': expected,
        'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
        'gatewayresponse.header.Access-Control-Expose-Headers': "'WWW-Authenticate,Mcp-Session-Id'",
      });
      expect(unescapeTerraform((r.response_templates as Record<string, string>)['application/json'])).toBe(
        vtl('gateway-unauthorized'),
      );
    }
    const denied = s.of('aws_api_gateway_gateway_response').find((g) => g.response_type === 'ACCESS_DENIED')!;
    expect(denied.status_code).toBe('403');
    expect(
      evaluateFormat((denied.response_parameters as Record<string, string>)['gatewayresponse.header.WWW-Authenticate']),
    ).toBe(
      `'Bearer error="insufficient_scope", scope="mcp/tools", resource_metadata="\${${front}.api_endpoint}/.well-known/oauth-protected-resource"'`,
    );
  });

  it('uses only package .vtl files as gateway response bodies (unknown routes: 404, default body)', () => {
    const templates = new Set(['gateway-unauthorized', 'gateway-access-denied', 'gateway-bad-request-body'].map(vtl));
    for (const g of s.of('aws_api_gateway_gateway_response')) {
      const body = (g.response_templates as Record<string, string> | undefined)?.['application/json'];
      if (body !== undefined) expect(templates).toContain(unescapeTerraform(body));
    }
    const missing = s.of('aws_api_gateway_gateway_response').find((g) => g.response_type === 'MISSING_AUTHENTICATION_TOKEN')!;
    expect(missing.status_code).toBe('404');
    expect(missing.response_templates).toBeUndefined();
  });

  it('puts CORS headers on every gateway response so browsers can read errors', () => {
    const types = s
      .of('aws_api_gateway_gateway_response')
      .map((g) => g.response_type)
      .sort();
    expect(types).toEqual([
      'ACCESS_DENIED',
      'BAD_REQUEST_BODY',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'EXPIRED_TOKEN',
      'MISSING_AUTHENTICATION_TOKEN',
      'UNAUTHORIZED',
    ]);
    for (const g of s.of('aws_api_gateway_gateway_response')) {
      expect(g.response_parameters).toMatchObject({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
        'gatewayresponse.header.Access-Control-Expose-Headers': "'WWW-Authenticate,Mcp-Session-Id'",
      });
    }
  });

  it('gives the stage the stage variables the templates read, pointing at the front', () => {
    const stage = s.of('aws_api_gateway_stage')[0];
    expect(stage.stage_name).toBe('api');
    const vars = stage.variables as Record<string, string>;
    const base = `\${${front}.api_endpoint}`;
    expect(vars).toMatchObject({
      issuer: base,
      resource: `${base}/mcp`,
      registrationEndpoint: `${base}/register`,
      authorizationEndpoint: `${base}/authorize`,
      cognitoAuthorizationEndpoint: 'https://acme-dev-mcp-server.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
      refreshTokenRotation: 'ENABLED',
      refreshTokenRetryGraceSeconds: '60',
      redirectHttpsHosts: 'claude.ai,claude.com,chatgpt.com,vscode.dev,insiders.vscode.dev,www.cursor.com,oauth2.slack.com',
      resourceIndicators: 'true',
      tokenEndpoint: 'https://acme-dev-mcp-server.auth.eu-west-1.amazoncognito.com/oauth2/token',
      userPoolId: `\${${s.ref('aws_cognito_user_pool')}.id}`,
      scopes: 'mcp/tools',
      resourceName: 'acme~dev~MCP~server',
      accessTokenValidity: '60',
    });
    expect(Object.keys(vars).sort()).toEqual(
      Object.keys(
        stageVariables({
          publicBaseUrl: 'https://x.example',
          cognitoDomainUrl: 'https://d.example',
          userPoolId: 'eu-west-1_A',
          scopes: ['a'],
          resourceName: 'n',
        }),
      ).sort(),
    );
  });

  it('logs access as JSON to a log group with retention', () => {
    const stage = s.of('aws_api_gateway_stage')[0] as { access_log_settings: { destination_arn: string; format: string } };
    const group = s.ref('aws_cloudwatch_log_group', (g) => g.name === '/aws/apigateway/acme-dev-mcp-server-api');
    expect(stage.access_log_settings.destination_arn).toBe(`\${${group}.arn}`);
    const format = JSON.parse(unescapeTerraform(stage.access_log_settings.format));
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      clientId: '$context.authorizer.claims.client_id',
    });
    expect(s.of('aws_cloudwatch_log_group').every((g) => g.retention_in_days === 30)).toBe(true);
  });

  it('throttles the stage, /register and POST /mcp separately', () => {
    const settings = s.of('aws_api_gateway_method_settings').map((m) => [m.method_path, m.settings]);
    expect(settings).toEqual([
      ['*/*', { throttling_rate_limit: 50, throttling_burst_limit: 100, metrics_enabled: true }],
      ['mcp/POST', { throttling_rate_limit: 10, throttling_burst_limit: 20, metrics_enabled: true }],
      ['register/POST', { throttling_rate_limit: 1, throttling_burst_limit: 5, metrics_enabled: true }],
    ]);
    const custom = synth({
      throttling: {
        default: { rateLimit: 20, burstLimit: 40 },
        register: { rateLimit: 0.5, burstLimit: 2 },
        mcp: { rateLimit: 2, burstLimit: 4 },
      },
    });
    expect(custom.of('aws_api_gateway_method_settings').map((m) => m.settings)).toEqual([
      { throttling_rate_limit: 20, throttling_burst_limit: 40, metrics_enabled: true },
      { throttling_rate_limit: 2, throttling_burst_limit: 4, metrics_enabled: true },
      { throttling_rate_limit: 0.5, throttling_burst_limit: 2, metrics_enabled: true },
    ]);
  });

  it('replaces the deployment when any template changes, before destroying the old one', () => {
    const dep = s.of('aws_api_gateway_deployment')[0] as {
      triggers: Record<string, string>;
      lifecycle: unknown;
      depends_on: string[];
    };
    expect(dep.lifecycle).toEqual({ create_before_destroy: true });
    expect(dep.triggers.redeployment).toMatch(/^[0-9a-f]{64}$/);
    expect(dep.triggers.tokens).toMatch(/^\$\{sha1\(jsonencode\(\[.*aws_lambda_function\.[^.]+\.invoke_arn.*\]\)\)\}$/);
    // Every method, integration and gateway response exists before the deployment snapshots them.
    const deps = new Set(dep.depends_on);
    for (const type of [
      'aws_api_gateway_method',
      'aws_api_gateway_integration',
      'aws_api_gateway_integration_response',
      'aws_api_gateway_gateway_response',
    ]) {
      for (const id of Object.keys(s.json.resource[type])) expect(deps).toContain(`${type}.${id}`);
    }
    expect(s.stack.restApi.fingerprint.size).toBeGreaterThan(40);
    // A config change that touches only the stage (not the deployment) keeps the hash...
    expect(synth({ logRetentionDays: 90 }).of('aws_api_gateway_deployment')[0].triggers).toEqual(dep.triggers);
    // ...one that changes a method's scope changes it.
    const other = synth({ cognito: { scopes: [{ name: 'call', description: 'x' }] } });
    expect((other.of('aws_api_gateway_deployment')[0].triggers as Record<string, string>).redeployment).not.toBe(
      dep.triggers.redeployment,
    );
  });

  it('synthesizes byte-identical JSON twice', () => {
    const a = Testing.synth(new McpServerStack(Testing.app(), { config: environment() }));
    const b = Testing.synth(new McpServerStack(Testing.app(), { config: environment() }));
    expect(a).toBe(b);
  });
});
