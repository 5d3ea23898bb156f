import {
  discoverOAuthServerInfo,
  extractWWWAuthenticateParams,
  selectResourceURL,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { devOAuth } from '../../src/dev/metadata';

// The official SDK's own discovery code, over HTTP: from the 401 challenge to the protected
// resource metadata and on to the authorization server metadata, as a stock client does it.
describe('OAuth discovery by the SDK client from the 401 challenge', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({
      port: 0,
      claims: null, // no authorizer context: the handler answers 401 as the gateway would
      oauth: devOAuth({ cognitoDomainUrl: 'https://acme-dev.auth.eu-west-1.amazoncognito.com' }),
    });
  });
  afterAll(() => dev.close());

  it('finds the resource metadata URL in WWW-Authenticate', async () => {
    const res = await fetch(dev.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(res.status).toBe(401);
    const params = extractWWWAuthenticateParams(res);
    expect(params.resourceMetadataUrl?.href).toBe(`${dev.baseUrl}/.well-known/oauth-protected-resource`);
    expect(params.scope).toBe('mcp/tools');
  });

  it('discovers the authorization server and parses both documents with the SDK schemas', async () => {
    const info = await discoverOAuthServerInfo(dev.mcpUrl, {
      resourceMetadataUrl: new URL(`${dev.baseUrl}/.well-known/oauth-protected-resource`),
    });
    expect(info.authorizationServerUrl).toBe(dev.baseUrl);
    expect(info.resourceMetadata?.resource).toBe(dev.mcpUrl);
    expect(info.authorizationServerMetadata).toMatchObject({
      issuer: dev.baseUrl,
      authorization_endpoint: `${dev.baseUrl}/authorize`,
      token_endpoint: 'https://acme-dev.auth.eu-west-1.amazoncognito.com/oauth2/token',
      registration_endpoint: `${dev.baseUrl}/register`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
  });

  it('finds the path-suffixed metadata without a hint (RFC 9728 §3.1), and accepts its resource for /mcp', async () => {
    const info = await discoverOAuthServerInfo(dev.mcpUrl);
    expect(info.resourceMetadata?.resource).toBe(dev.mcpUrl);
    const provider = {} as OAuthClientProvider;
    const resource = await selectResourceURL(dev.mcpUrl, provider, info.resourceMetadata);
    expect(resource?.href).toBe(dev.mcpUrl);
  });
});
