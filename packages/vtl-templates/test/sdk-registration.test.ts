import { discoverOAuthServerInfo, registerClient, startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { stageVariables } from '../src';
import { fixture } from './support/harness';
import { describeWithEngines, MOTO_SERVER } from '@aws-log-mcp/testing';
import { Gateway, Moto, startGateway, startMoto } from './support/api-gateway-server';

/**
 * End to end with the official MCP TypeScript SDK client code: discovery (RFC 9728 then RFC 8414), Dynamic Client
 * Registration and the authorization URL, against the templates served through the documented API Gateway pipeline
 * (support/api-gateway-server.ts) with moto's Cognito as the real integration backend over HTTP.
 * Needs moto's server.
 */
describeWithEngines('MCP SDK client against the templates and moto Cognito', [MOTO_SERVER], () => {
  let moto: Moto;
  let gateway: Gateway;
  let userPoolId = '';

  beforeAll(async () => {
    moto = await startMoto();
    const pool = await moto.call<{ UserPool: { Id: string } }>('CreateUserPool', { PoolName: 'mcp' });
    userPoolId = pool.json.UserPool.Id;
    await moto.call('CreateResourceServer', {
      UserPoolId: userPoolId,
      Identifier: 'mcp',
      Name: 'mcp',
      Scopes: [
        { ScopeName: 'tools', ScopeDescription: 'tools' },
        { ScopeName: 'admin', ScopeDescription: 'admin' },
      ],
    });
    gateway = await startGateway({
      cognitoEndpoint: moto.endpoint,
      stageVariables: (baseUrl) =>
        stageVariables({
          publicBaseUrl: baseUrl,
          cognitoDomainUrl: 'https://mcp-test.auth.eu-west-1.amazoncognito.com',
          userPoolId,
          scopes: ['mcp/tools', 'mcp/admin'],
          defaultScopes: ['mcp/tools'],
          resourceName: 'MCP test',
        }),
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    moto?.stop();
  });

  test('discovery: the SDK finds the authorization server through the protected resource metadata', async () => {
    const info = await discoverOAuthServerInfo(`${gateway.baseUrl}/mcp`);
    expect(info.authorizationServerUrl).toBe(gateway.baseUrl);
    expect(info.resourceMetadata?.resource).toBe(`${gateway.baseUrl}/mcp`);
    expect(info.authorizationServerMetadata?.issuer).toBe(gateway.baseUrl);
    expect(info.authorizationServerMetadata?.code_challenge_methods_supported).toContain('S256');
  });

  test.each(['mcp-inspector-registration.json', 'vscode-registration.json'])(
    '%s registers; Cognito holds exactly the safe client',
    async (name) => {
      const info = await discoverOAuthServerInfo(`${gateway.baseUrl}/mcp`);
      const clientMetadata = fixture<Parameters<typeof registerClient>[1]['clientMetadata']>(name);
      const registered = await registerClient(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientMetadata,
      });
      expect(registered.client_id).toMatch(/^[0-9a-z]+$/);
      // The requested URIs, then the loopback twins dcr-request.vtl adds (localhost <-> 127.0.0.1).
      expect(registered.redirect_uris.slice(0, clientMetadata.redirect_uris.length)).toEqual(clientMetadata.redirect_uris);
      expect(registered.token_endpoint_auth_method).toBe('none');
      expect(registered.client_secret).toBeUndefined();

      const stored = await moto.call<{ UserPoolClient: Record<string, unknown> }>('DescribeUserPoolClient', {
        UserPoolId: userPoolId,
        ClientId: registered.client_id,
      });
      expect(stored.json.UserPoolClient).toMatchObject({
        ClientName: clientMetadata.client_name,
        CallbackURLs: registered.redirect_uris,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['mcp/tools'],
        AllowedOAuthFlowsUserPoolClient: true,
        ExplicitAuthFlows: [],
      });
      expect(stored.json.UserPoolClient).not.toHaveProperty('ClientSecret');
      // Whether DescribeUserPoolClient echoes RefreshTokenRotation depends on the botocore model moto runs with, so the
      // request the integration sent is what is checked.
      expect(JSON.parse(gateway.cognitoRequests.at(-1)!)).toMatchObject({
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
      });

      const { authorizationUrl } = await startAuthorization(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientInformation: registered,
        redirectUrl: clientMetadata.redirect_uris[0],
        scope: registered.scope,
        resource: new URL(`${gateway.baseUrl}/mcp`),
      });
      // The SDK goes to the advertised endpoint, this API's /authorize, which redirects to Cognito's.
      expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${gateway.baseUrl}/authorize`);
      const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const cognito = new URL(redirect.headers.get('location')!);
      expect(cognito.origin + cognito.pathname).toBe('https://mcp-test.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
      expect(cognito.searchParams.get('client_id')).toBe(registered.client_id);
      expect(cognito.searchParams.get('code_challenge_method')).toBe('S256');
      expect(cognito.searchParams.get('scope')).toBe('mcp/tools');
      expect(cognito.searchParams.get('resource')).toBe(`${gateway.baseUrl}/mcp`);
      expect(registered.redirect_uris).toContain(cognito.searchParams.get('redirect_uri'));
    },
  );

  test('a confidential registration gets a secret the SDK keeps', async () => {
    const info = await discoverOAuthServerInfo(`${gateway.baseUrl}/mcp`);
    const registered = await registerClient(info.authorizationServerUrl, {
      metadata: info.authorizationServerMetadata,
      clientMetadata: {
        redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
        client_name: 'Reports (backend)',
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'mcp/admin',
      },
    });
    expect(registered.client_secret).toEqual(expect.any(String));
    expect(registered.client_secret_expires_at).toBe(0);
    expect(registered.token_endpoint_auth_method).toBe('client_secret_post');
    expect(registered.client_name).toBe('Reports backend');
    expect(registered.scope).toBe('mcp/admin');
  });

  test('a hostile registration is refused with an RFC 7591 error the SDK understands', async () => {
    const info = await discoverOAuthServerInfo(`${gateway.baseUrl}/mcp`);
    await expect(
      registerClient(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientMetadata: { redirect_uris: ['http://evil.example.com/cb'], grant_types: ['client_credentials'], client_name: 'x' },
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_client_metadata' });
  });

  test('the phishing registration (attacker callback, trusted name, every scope) is refused with invalid_redirect_uri', async () => {
    const before = await moto.call<{ UserPoolClients: unknown[] }>('ListUserPoolClients', {
      UserPoolId: userPoolId,
      MaxResults: 60,
    });
    const attack = {
      client_name: 'Visual Studio Code',
      redirect_uris: ['https://attacker.example/cb'],
      scope: 'mcp/tools mcp/admin',
      token_endpoint_auth_method: 'none',
    };
    const response = await fetch(`${gateway.baseUrl}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(attack),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    // The SDK (1.32.2 knows no InvalidRedirectUriError) surfaces the description.
    const info = await discoverOAuthServerInfo(`${gateway.baseUrl}/mcp`);
    await expect(
      registerClient(info.authorizationServerUrl, { metadata: info.authorizationServerMetadata, clientMetadata: attack }),
    ).rejects.toThrow(/No redirect_uri can be registered/);
    const after = await moto.call<{ UserPoolClients: unknown[] }>('ListUserPoolClients', {
      UserPoolId: userPoolId,
      MaxResults: 60,
    });
    expect(after.json.UserPoolClients).toHaveLength(before.json.UserPoolClients.length);
    // What Cognito received holds no redirect URI at all; its input validation refuses that (no client, 400).
    expect(JSON.parse(gateway.cognitoRequests[gateway.cognitoRequests.length - 1])).toMatchObject({ CallbackURLs: [''] });
  });

  test('a registration with one acceptable URI among refused ones registers that subset, and says so', async () => {
    const response = await fetch(`${gateway.baseUrl}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Cursor',
        application_type: 'web',
        redirect_uris: [
          'cursor://anysphere.cursor-mcp/oauth/callback',
          'https://evil.example/cb',
          'http://localhost:8787/callback',
        ],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(201);
    const registered = (await response.json()) as { redirect_uris: string[] };
    expect(registered.redirect_uris).toEqual(['http://localhost:8787/callback', 'http://127.0.0.1:8787/callback']);
  });

  test('a Cognito failure (a pool that does not exist) is a 500 server_error that does not leak the pool id', async () => {
    const broken = await startGateway({
      cognitoEndpoint: moto.endpoint,
      stageVariables: (baseUrl) =>
        stageVariables({
          publicBaseUrl: baseUrl,
          cognitoDomainUrl: 'https://mcp-test.auth.eu-west-1.amazoncognito.com',
          userPoolId: 'eu-west-1_DoesNotExist',
          scopes: ['mcp/tools'],
          resourceName: 'MCP test',
        }),
    });
    try {
      const response = await fetch(`${broken.baseUrl}/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(fixture('mcp-inspector-registration.json')),
      });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: 'server_error', error_description: 'The registration could not be completed.' });
      expect(text).not.toContain('DoesNotExist');
    } finally {
      await broken.close();
    }
  });

  test('the registration response is marked no-store', async () => {
    const response = await fetch(`${gateway.baseUrl}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['https://chatgpt.com/connector/oauth/x'],
        token_endpoint_auth_method: 'client_secret_post',
      }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as { client_secret?: string }).client_secret).toEqual(expect.any(String));
  });

  test('a body sent as text/plain never reaches Cognito (415)', async () => {
    const response = await fetch(`${gateway.baseUrl}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ UserPoolId: userPoolId, ClientName: 'x', AllowedOAuthFlows: ['client_credentials'] }),
    });
    expect(response.status).toBe(415);
  });
});
