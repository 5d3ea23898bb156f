import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { request } from 'node:http';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { devOAuth } from '../../src/dev/metadata';

// The dev server as a twin of the deployed REST API: what it refuses (foreign Host and Origin), the challenge path of
// the deployed /mcp integration next to the proxy integration it replaced (whose header renaming loses the challenge),
// and the OAuth paths answered from the same templates.

const COGNITO = 'https://acme-dev.auth.eu-west-1.amazoncognito.com';
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });

/** A raw request, so the `Host` header can be anything (fetch sets it from the URL). */
function raw(
  url: string,
  headers: Record<string, string>,
  method = 'POST',
  body = INIT,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : body);
  });
}

describe('dev server: loopback Host and Origin only (DNS rebinding)', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0, oauth: devOAuth({ cognitoDomainUrl: COGNITO }) });
  });
  afterAll(() => dev.close());
  const port = () => new URL(dev.baseUrl).port;

  it.each([
    ['127.0.0.1:<port>', (p: string) => `127.0.0.1:${p}`],
    ['localhost:<port>', (p: string) => `localhost:${p}`],
    ['LOCALHOST (case-insensitive)', () => 'LOCALHOST'],
    ['[::1]:<port>', (p: string) => `[::1]:${p}`],
  ])('answers Host %s', async (_label, host) => {
    const res = await raw(dev.mcpUrl, { host: host(port()), accept: 'application/json' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a rebinding name', 'attacker.example'],
    ['a rebinding name with the port', 'attacker.example:<port>'],
    ['a name ending in localhost', 'evil-localhost:<port>'],
    ['localhost as a subdomain', 'localhost.attacker.example'],
    ['a private LAN address', '192.168.1.20:<port>'],
    ['0.0.0.0', '0.0.0.0:<port>'],
    ['127.0.0.2 (not what the server binds)', '127.0.0.2:<port>'],
    ['userinfo trick', 'localhost@attacker.example'],
  ])('refuses Host of %s with 403 on every path', async (_label, host) => {
    for (const path of ['/mcp', '/.well-known/oauth-protected-resource', '/authorize?response_type=code', '/register']) {
      const res = await raw(
        `${dev.baseUrl}${path}`,
        { host: host.replace('<port>', port()) },
        path === '/mcp' || path === '/register' ? 'POST' : 'GET',
      );
      expect(res.status).toBe(403);
      expect(res.body).toContain('loopback hosts and origins only');
    }
  });

  it.each(['http://localhost:6274', 'http://127.0.0.1:3000', 'https://localhost', 'http://[::1]:8080'])(
    'answers a page served from this machine (Origin %s), with the deployed CORS headers',
    async (origin) => {
      const res = await fetch(dev.mcpUrl, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', accept: 'application/json' },
        body: INIT,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('www-authenticate');
    },
  );

  it.each(['https://attacker.example', 'http://localhost.attacker.example', 'null', 'http://192.168.1.20:8787', 'file://'])(
    'refuses Origin %s with 403, preflight included',
    async (origin) => {
      const post = await fetch(dev.mcpUrl, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: INIT,
      });
      expect(post.status).toBe(403);
      const preflight = await fetch(dev.mcpUrl, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(403);
    },
  );
});

describe('dev server: the 401 challenge through the deployed integration, and the proxy integration regression', () => {
  const post = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });

  it('deployed (non-proxy) integration: WWW-Authenticate reaches the client unchanged and the SDK reads it', async () => {
    const dev = await startDevServer({ port: 0, claims: null, oauth: devOAuth({ cognitoDomainUrl: COGNITO }) });
    try {
      const res = await post(dev.mcpUrl);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-amzn-remapped-www-authenticate')).toBeNull();
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${dev.baseUrl}/.well-known/oauth-protected-resource", error="invalid_token", scope="mcp/tools"`,
      );
      expect(extractWWWAuthenticateParams(res).resourceMetadataUrl?.href).toBe(
        `${dev.baseUrl}/.well-known/oauth-protected-resource`,
      );
    } finally {
      await dev.close();
    }
  });

  it('a Lambda proxy integration renames the header to x-amzn-Remapped-WWW-Authenticate: the SDK finds no challenge', async () => {
    const dev = await startDevServer({
      port: 0,
      claims: null,
      integration: 'AWS_PROXY',
      oauth: devOAuth({ cognitoDomainUrl: COGNITO }),
    });
    try {
      const res = await post(dev.mcpUrl);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(res.headers.get('x-amzn-remapped-www-authenticate')).toContain('resource_metadata=');
      expect(extractWWWAuthenticateParams(res).resourceMetadataUrl).toBeUndefined();
    } finally {
      await dev.close();
    }
  });

  it('a body API Gateway would refuse before the Lambda (no template for the content type) gets its 415', async () => {
    const dev = await startDevServer({ port: 0 });
    try {
      const res = await fetch(dev.mcpUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: INIT });
      expect(res.status).toBe(415);
    } finally {
      await dev.close();
    }
  });
});

describe('dev server: /authorize and /register from the deployed templates', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0, oauth: devOAuth({ cognitoDomainUrl: COGNITO }) });
  });
  afterAll(() => dev.close());

  it('redirects an authorization request to Cognito with offline_access dropped and PKCE kept', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'abcdefghijklmnopqrstuvwxyz',
      redirect_uri: 'http://127.0.0.1:33418/',
      scope: 'mcp/tools offline_access',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: `${dev.baseUrl}/mcp`,
    });
    const res = await fetch(`${dev.baseUrl}/authorize?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${COGNITO}/oauth2/authorize`);
    expect(location.searchParams.get('scope')).toBe('mcp/tools');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:33418/');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('answers a request without PKCE with 400 invalid_request instead of redirecting', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'abcdefghijklmnopqrstuvwxyz',
      redirect_uri: 'http://127.0.0.1/',
    });
    const res = await fetch(`${dev.baseUrl}/authorize?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('without a Cognito endpoint, POST /register answers 501 naming the flag that enables it', async () => {
    const res = await fetch(`${dev.baseUrl}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'] }),
    });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { error_description: string }).error_description).toContain('--cognito-endpoint');
  });
});
