import {
  OAuthClientInformationFullSchema,
  OAuthClientMetadataSchema,
  OAuthClientRegistrationErrorSchema,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import {
  COGNITO_ERROR_MAPPING,
  DCR_INTEGRATION_RESPONSES,
  DCR_METHOD_RESPONSE_STATUS_CODES,
  DCR_PASSTHROUGH_BEHAVIOR,
  DCR_RESPONSE_HEADERS,
} from '../src';
import {
  BASE_COGNITO_REQUEST,
  fixture,
  render,
  renderDcrRequest,
  renderJson,
  STAGE_VARIABLES,
  validateBody,
} from './support/harness';

const inspector = fixture<Record<string, unknown>>('mcp-inspector-registration.json');
const vscode = fixture<Record<string, unknown>>('vscode-registration.json');

describe('real client registrations', () => {
  test('the fixtures are valid RFC 7591 client metadata for the MCP SDK', () => {
    expect(OAuthClientMetadataSchema.safeParse(inspector).success).toBe(true);
    expect(OAuthClientMetadataSchema.safeParse(vscode).success).toBe(true);
  });

  test('MCP Inspector: accepted by the request validator and mapped to the expected CreateUserPoolClient request', () => {
    expect(validateBody(JSON.stringify(inspector))).toEqual({ valid: true, errors: [] });
    expect(renderDcrRequest(JSON.stringify(inspector))).toEqual({
      ...BASE_COGNITO_REQUEST,
      ClientName: 'MCP Inspector',
      CallbackURLs: [
        'http://localhost:6274/oauth/callback',
        'http://localhost:6274/oauth/callback/debug',
        'http://127.0.0.1:6274/oauth/callback',
        'http://127.0.0.1:6274/oauth/callback/debug',
      ],
      AllowedOAuthScopes: ['mcp/tools'],
      GenerateSecret: false,
    });
  });

  test('VS Code: accepted and mapped, with all four redirect URIs and the localhost twins of its loopback ones', () => {
    expect(validateBody(JSON.stringify(vscode))).toEqual({ valid: true, errors: [] });
    expect(renderDcrRequest(JSON.stringify(vscode))).toEqual({
      ...BASE_COGNITO_REQUEST,
      ClientName: 'Visual Studio Code',
      CallbackURLs: [
        'https://insiders.vscode.dev/redirect',
        'https://vscode.dev/redirect',
        'http://127.0.0.1/',
        'http://127.0.0.1:33418/',
        'http://localhost/',
        'http://localhost:33418/',
      ],
      AllowedOAuthScopes: ['mcp/tools'],
      GenerateSecret: false,
    });
  });

  test('VS Code derives grant_types from our grant_types_supported; without it, it would ask for device_code and be rejected', () => {
    // fetchDynamicRegistration in VS Code's src/vs/base/common/oauth.ts:
    const vscodeGrantTypes = ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'];
    const metadata = renderJson('authorization-server-metadata');
    const derived = (metadata.grant_types_supported as string[]).filter((gt) => vscodeGrantTypes.includes(gt));
    expect(derived).toEqual(vscode.grant_types);
    expect(validateBody(JSON.stringify({ ...vscode, grant_types: vscodeGrantTypes })).valid).toBe(false);
  });

  test('the registration endpoint the clients post to is the one the metadata advertises', () => {
    expect(renderJson('authorization-server-metadata').registration_endpoint).toBe('https://mcp.example.com/register');
  });
});

describe('dcr-request.vtl decisions', () => {
  const body = (extra: Record<string, unknown>) => JSON.stringify({ redirect_uris: ['https://claude.ai/cb'], ...extra });

  test('token_endpoint_auth_method none -> public client without secret', () => {
    expect(renderDcrRequest(body({ token_endpoint_auth_method: 'none' })).GenerateSecret).toBe(false);
  });

  test('client_secret_basic, client_secret_post, and an absent method (RFC 7591 default client_secret_basic) -> a secret', () => {
    expect(renderDcrRequest(body({ token_endpoint_auth_method: 'client_secret_basic' })).GenerateSecret).toBe(true);
    expect(renderDcrRequest(body({ token_endpoint_auth_method: 'client_secret_post' })).GenerateSecret).toBe(true);
    expect(renderDcrRequest(body({})).GenerateSecret).toBe(true);
  });

  test('the JWT and TLS methods are rejected by the schema (Cognito cannot authenticate them)', () => {
    for (const method of ['private_key_jwt', 'client_secret_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']) {
      expect(validateBody(body({ token_endpoint_auth_method: method })).valid).toBe(false);
    }
  });

  test('refresh token rotation: on by default (no API refresh flow), off for Lite pools (ALLOW_REFRESH_TOKEN_AUTH only)', () => {
    const on = renderDcrRequest(body({ token_endpoint_auth_method: 'none' }));
    expect(on.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 60 });
    expect(on.ExplicitAuthFlows).toEqual([]);
    const off = renderJson('dcr-request', {
      body: body({}),
      stageVariables: { ...STAGE_VARIABLES, refreshTokenRotation: 'DISABLED' },
    });
    expect(off.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(off).not.toHaveProperty('RefreshTokenRotation');
    for (const grace of ['61', '-1', '1.5', 'x', '']) {
      const odd = renderJson('dcr-request', {
        body: body({}),
        stageVariables: { ...STAGE_VARIABLES, refreshTokenRetryGraceSeconds: grace },
      });
      expect(odd.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    }
  });

  test('AllowedOAuthFlows is always ["code"], whatever response_types/grant_types say', () => {
    for (const extra of [
      { response_types: ['token'] },
      { grant_types: ['client_credentials'] },
      { response_types: ['code', 'token'] },
    ]) {
      expect(validateBody(body(extra)).valid).toBe(false);
      expect(renderDcrRequest(body(extra)).AllowedOAuthFlows).toEqual(['code']);
    }
  });

  test('scopes: the requested subset of the configured set, else the default scopes', () => {
    expect(renderDcrRequest(body({ scope: 'mcp/admin mcp/tools' })).AllowedOAuthScopes).toEqual(['mcp/admin', 'mcp/tools']);
    expect(renderDcrRequest(body({ scope: 'openid aws.cognito.signin.user.admin' })).AllowedOAuthScopes).toEqual(['mcp/tools']);
    expect(renderDcrRequest(body({})).AllowedOAuthScopes).toEqual(['mcp/tools']);
  });

  test('stage variables drive pool, providers and token lifetimes; a corrupt validity falls back to the default', () => {
    const out = renderJson('dcr-request', {
      body: body({}),
      stageVariables: {
        ...STAGE_VARIABLES,
        userPoolId: 'us-east-1_Other9',
        identityProviders: 'COGNITO,Google',
        accessTokenValidity: '15',
        refreshTokenValidity: '1; "x": 1',
      },
    });
    expect(out.UserPoolId).toBe('us-east-1_Other9');
    expect(out.SupportedIdentityProviders).toEqual(['COGNITO', 'Google']);
    expect(out.AccessTokenValidity).toBe(15);
    expect(out.RefreshTokenValidity).toBe(30);
  });
});

describe('dcr-response.vtl (HTTP 201)', () => {
  const publicClient = fixture('cognito-create-user-pool-client-public.json');
  const confidentialClient = fixture('cognito-create-user-pool-client-confidential.json');

  test('public client: the RFC 7591 response the MCP SDK accepts, with redirect_uris and auth method none', () => {
    const response = renderJson('dcr-response', { body: JSON.stringify(publicClient) });
    expect(response).toEqual({
      client_id: '5vd0vu8hq1k1hjnp2mrdeq3kcs',
      client_id_issued_at: 1764167000,
      token_endpoint_auth_method: 'none',
      client_name: 'MCP Inspector',
      redirect_uris: ['http://localhost:6274/oauth/callback', 'http://localhost:6274/oauth/callback/debug'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'mcp/tools',
    });
    const parsed = OAuthClientInformationFullSchema.parse(response);
    expect(parsed.redirect_uris).toHaveLength(2);
    expect(parsed.client_secret).toBeUndefined();
  });

  test('confidential client: client_secret with client_secret_expires_at 0 and client_secret_post', () => {
    const response = renderJson('dcr-response', { body: JSON.stringify(confidentialClient) });
    expect(response).toMatchObject({
      client_id: '1example23456789abcdefghij',
      client_secret: '1lh7ldthv7h0bq0g8k3u0fk5q1example8oatjpmb9k7tsf9g2de4',
      client_secret_expires_at: 0,
      token_endpoint_auth_method: 'client_secret_post',
      client_id_issued_at: 1764167321,
      scope: 'mcp/tools mcp/admin',
    });
    expect(OAuthClientInformationFullSchema.parse(response).client_secret).toBe(response.client_secret);
  });

  test('with a client lifetime, a confidential client learns when its secret (with the client) expires', () => {
    const withLifetime = (clientLifetimeSeconds: string, body: unknown = confidentialClient) =>
      renderJson('dcr-response', { body: JSON.stringify(body), stageVariables: { ...STAGE_VARIABLES, clientLifetimeSeconds } });
    // 90 days: client_id_issued_at 1764167321 + 7776000.
    const response = withLifetime('7776000');
    expect(response).toMatchObject({ client_id_issued_at: 1764167321, client_secret_expires_at: 1771943321 });
    expect(OAuthClientInformationFullSchema.parse(response).client_secret_expires_at).toBe(1771943321);
    // 0, or anything that is not a small whole number, keeps "never".
    for (const v of ['0', '', 'x', '-5', '1e9', '9999999999', '7776000 '])
      expect(withLifetime(v).client_secret_expires_at).toBe(0);
    // Without a CreationDate there is no issue time to add to.
    const noDate = {
      ...(confidentialClient as { UserPoolClient: Record<string, unknown> }).UserPoolClient,
      CreationDate: undefined,
    };
    expect(withLifetime('7776000', { UserPoolClient: noDate }).client_secret_expires_at).toBe(0);
    // Public clients have no secret, and RFC 7591 has no field for the client's own expiry.
    expect(withLifetime('7776000', publicClient)).not.toHaveProperty('client_secret_expires_at');
  });

  test('values Cognito echoes are JSON-escaped, and a missing CreationDate drops client_id_issued_at', () => {
    const odd = {
      UserPoolClient: {
        ClientId: 'id"1',
        ClientName: 'O\'Brien \\ "x"',
        CallbackURLs: ['https://a.example.com/cb?x="1"'],
        AllowedOAuthScopes: ["mcp/it's"],
      },
    };
    const response = renderJson('dcr-response', { body: JSON.stringify(odd) });
    expect(response.client_id).toBe('id"1');
    expect(response.client_name).toBe('O\'Brien \\ "x"');
    expect(response.redirect_uris).toEqual(['https://a.example.com/cb?x="1"']);
    expect(response.scope).toBe("mcp/it's");
    expect(response).not.toHaveProperty('client_id_issued_at');
  });

  test('the default integration response is the 201 success', () => {
    expect(DCR_INTEGRATION_RESPONSES[0]).toEqual({ statusCode: '201', template: 'dcr-response' });
  });
});

describe('dcr-error.vtl', () => {
  const cases = fixture<Array<{ body: Record<string, unknown>; status: number; error: string }>>('cognito-errors.json');

  test.each(cases.map((c) => [String(c.body.__type ?? '(no __type)'), c] as const))('%s', (_type, c) => {
    const { output, responseOverride } = render('dcr-error', { body: JSON.stringify(c.body) });
    const parsed = JSON.parse(output) as Record<string, string>;
    expect(responseOverride.status).toBe(c.status);
    expect(parsed.error).toBe(c.error);
    expect(Object.keys(parsed).sort()).toEqual(['error', 'error_description']);
    expect(OAuthClientRegistrationErrorSchema.parse(parsed).error).toBe(c.error);
    // Cognito's message (pool ids, ARNs, the caller's input) never reaches the client.
    expect(output).not.toContain(String(c.body.message));
    expect(output).not.toMatch(/eu-west-1_|arn:aws|111122223333|injected/);
  });

  test('the exported mapping table agrees with the template for every listed Cognito error type', () => {
    for (const [type, expected] of Object.entries(COGNITO_ERROR_MAPPING)) {
      const { output, responseOverride } = render('dcr-error', { body: JSON.stringify({ __type: type, message: 'm' }) });
      expect(responseOverride.status).toBe(expected.status);
      expect(JSON.parse(output).error).toBe(expected.error);
      expect(DCR_METHOD_RESPONSE_STATUS_CODES).toContain(String(expected.status));
    }
  });

  test('selection patterns route 4xx and 5xx Cognito statuses to the error template', () => {
    const route = (status: string) =>
      DCR_INTEGRATION_RESPONSES.find(
        (r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(status),
      ) ?? DCR_INTEGRATION_RESPONSES.find((r) => r.selectionPattern === undefined);
    expect(route('200')?.template).toBe('dcr-response');
    expect(route('400')?.template).toBe('dcr-error');
    expect(route('500')?.template).toBe('dcr-error');
    expect(route('503')?.statusCode).toBe('500');
  });

  test('registration responses (which can carry a client_secret) are not cacheable: static, single-quoted values', () => {
    expect(DCR_RESPONSE_HEADERS).toEqual({ 'Cache-Control': "'no-store'", Pragma: "'no-cache'" });
  });

  test('requests without a mapping template are refused, never passed through to Cognito', () => {
    expect(DCR_PASSTHROUGH_BEHAVIOR).toBe('NEVER');
  });
});
