import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Logger } from '../../src/lambda/log';
import { createMcpHandler } from '../../src/lambda/mcp-handler';

const META = 'https://abc.execute-api.eu-west-1.amazonaws.com/.well-known/oauth-protected-resource';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123';
const ACCESS_CLAIMS = {
  sub: '11111111-2222-3333-4444-555555555555',
  client_id: '5ofv0m8fq0example',
  token_use: 'access',
  scope: 'openid mcp/tools',
  iss: ISSUER,
  username: 'alice',
};

function event(overrides: Partial<APIGatewayProxyEvent> & { claims?: unknown } = {}): APIGatewayProxyEvent {
  const { claims = ACCESS_CLAIMS, ...rest } = overrides;
  const base = proxyEvent({
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Protocol-Version': '2025-06-18',
    },
    multiValueHeaders: {},
    body: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
    requestId: 'req-1',
    domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
  });
  // Claims of any shape, as a misconfigured authorizer could pass them.
  const requestContext = { ...base.requestContext, authorizer: claims === null ? null : { claims } };
  return { ...base, requestContext, ...rest } as APIGatewayProxyEvent;
}

function setup() {
  const lines: Record<string, unknown>[] = [];
  const handler = createMcpHandler({
    requiredScope: 'mcp/tools',
    resourceMetadataUrl: META,
    issuer: ISSUER,
    logger: new Logger('debug', (l) => lines.push(JSON.parse(l))),
  });
  return { handler, lines };
}

describe('Lambda handler on REST proxy events', () => {
  it('runs whoami with the authorizer claims (sub, client_id, scopes)', async () => {
    const { handler, lines } = setup();
    const res = await handler(event());
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    const body = JSON.parse(res.body);
    expect(body.id).toBe(7);
    expect(body.result.structuredContent).toEqual({
      sub: ACCESS_CLAIMS.sub,
      client_id: ACCESS_CLAIMS.client_id,
      username: 'alice',
      scopes: ['openid', 'mcp/tools'],
      token_use: 'access',
      source: 'cognito',
    });
    const log = lines.find((l) => l.msg === 'request')!;
    expect(log).toMatchObject({
      level: 'info',
      requestId: 'req-1',
      rpcMethod: 'tools/call',
      tool: 'whoami',
      status: 200,
      sub: ACCESS_CLAIMS.sub,
    });
    expect(typeof log.durationMs).toBe('number');
  });

  it('decodes base64 bodies', async () => {
    const { handler } = setup();
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })).toString('base64');
    const res = await handler(event({ body, isBase64Encoded: true }));
    expect(JSON.parse(res.body)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it.each([
    ['missing authorizer context', null],
    ['claims without sub', { ...ACCESS_CLAIMS, sub: undefined }],
    ['an ID token', { ...ACCESS_CLAIMS, token_use: 'id' }],
    ['a token from another user pool', { ...ACCESS_CLAIMS, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }],
    ['claims as a string', 'sub=alice'],
  ])('answers %s with 401 invalid_token and the resource metadata challenge', async (_name, claims) => {
    const { handler, lines } = setup();
    const res = await handler(event({ claims }));
    expect(res.statusCode).toBe(401);
    expect(res.headers!['www-authenticate']).toBe(`Bearer resource_metadata="${META}", error="invalid_token", scope="mcp/tools"`);
    expect(JSON.parse(res.body)).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'Unauthorized' }, id: null });
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ status: 401, authFailure: expect.any(String) });
  });

  it('answers a token without the MCP scope with 403 insufficient_scope', async () => {
    const { handler } = setup();
    const res = await handler(event({ claims: { ...ACCESS_CLAIMS, scope: 'openid profile mcp/toolsX' } }));
    expect(res.statusCode).toBe(403);
    expect(res.headers!['www-authenticate']).toBe(
      `Bearer resource_metadata="${META}", error="insufficient_scope", scope="mcp/tools"`,
    );
  });

  it('turns an unexpected failure into a bare 500 and logs the stack only', async () => {
    const { handler, lines } = setup();
    const hostile = new Proxy(event(), {
      get(target, prop) {
        if (prop === 'body') throw new Error('boom at secret/internal/path.ts:42');
        return Reflect.get(target, prop);
      },
    });
    const res = await handler(hostile);
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    expect(res.body).not.toContain('boom');
    const err = lines.find((l) => l.level === 'error') as { error: { stack: string } };
    expect(err.error.stack).toContain('boom');
  });

  it('prefers multiValueHeaders and drops header values the Fetch spec forbids', async () => {
    const { handler } = setup();
    const res = await handler(
      event({
        headers: { 'content-type': 'text/plain' },
        multiValueHeaders: {
          'Content-Type': ['application/json'],
          Accept: ['application/json', 'text/event-stream'],
          'X-Bad': ['a\u0000b'],
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
      }),
    );
    expect(res.statusCode).toBe(200);
  });

  it('never writes a log line containing the bearer token', async () => {
    const { handler, lines } = setup();
    await handler(event({ headers: { ...event().headers, Authorization: 'Bearer eyJsecret.token.value' } }));
    expect(JSON.stringify(lines)).not.toContain('eyJsecret');
  });
});
