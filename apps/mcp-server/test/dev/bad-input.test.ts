import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/lambda/mcp-handler';

// Hostile and malformed requests over real HTTP, through the dev server into the Lambda handler.
// Each case states the HTTP status and JSON-RPC error code it must produce.
const ACCEPT = 'application/json, text/event-stream';
const PROTOCOL = '2025-06-18';

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
  readonly status: number;
  /** JSON-RPC error code, or `undefined` when the body is not a JSON-RPC error. */
  readonly code?: number;
  readonly message?: RegExp;
  /** Answered by API Gateway itself (a gateway response), not by the handler. */
  readonly gateway?: boolean;
}

const rpc = (method: string, params?: unknown, id: unknown = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });

const CASES: readonly Case[] = [
  { name: 'invalid JSON', body: '{"jsonrpc":"2.0",', status: 400, code: -32700, message: /Parse error/ },
  { name: 'empty body', body: '', status: 400, code: -32700 },
  { name: 'JSON that is not an object (number)', body: '42', status: 400, code: -32600 },
  { name: 'JSON null', body: 'null', status: 400, code: -32600 },
  {
    name: 'JSON-RPC batch',
    body: `[${rpc('ping')},${rpc('tools/list', undefined, 2)}]`,
    status: 400,
    code: -32600,
    message: /batch/,
  },
  { name: 'empty batch', body: '[]', status: 400, code: -32600 },
  // Valid JSON that is not a JSON-RPC 2.0 message: an invalid request object (JSON-RPC 2.0 §5.1: -32600), never -32700.
  ...(
    [
      ['object that is not JSON-RPC', '{"hello":"world"}'],
      ['jsonrpc 1.0', '{"jsonrpc":"1.0","id":1,"method":"ping"}'],
      ['jsonrpc as a number', '{"jsonrpc":2,"id":1,"method":"ping"}'],
      ['no jsonrpc member', '{"id":1,"method":"ping"}'],
      ['no method, no result', '{"jsonrpc":"2.0","id":1}'],
      ['method is a number', '{"jsonrpc":"2.0","id":1,"method":42}'],
      ['id is an object', '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}'],
      ['id is a boolean', '{"jsonrpc":"2.0","id":true,"method":"ping"}'],
      ['params is a string', '{"jsonrpc":"2.0","id":1,"method":"ping","params":"x"}'],
      ['params is a number', '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":7}'],
      ['result and error together', '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}'],
      ['error without a message', '{"jsonrpc":"2.0","id":1,"error":{"code":1}}'],
    ] as const
  ).map(([name, body]) => ({ name, body, status: 400, code: -32600, message: /Invalid Request/ })),
  {
    name: 'initialize without protocolVersion and clientInfo',
    body: rpc('initialize', { capabilities: {} }),
    status: 200,
    code: -32602,
    message: /^Invalid params: initialize needs protocolVersion \(string\), capabilities \(object\) and clientInfo/,
  },
  {
    name: 'initialize with params as an empty object',
    body: rpc('initialize', {}),
    status: 200,
    code: -32602,
    message: /^Invalid params: initialize needs/,
  },
  {
    name: 'initialize with clientInfo of the wrong type',
    body: rpc('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: 'me' }),
    status: 200,
    code: -32602,
    message: /^Invalid params: initialize needs/,
  },
  {
    name: 'charset utf-16',
    headers: { 'content-type': 'application/json; charset=utf-16' },
    body: rpc('ping'),
    status: 415,
    code: -32000,
    message: /charset/,
  },
  {
    name: 'charset iso-8859-1, quoted',
    headers: { 'content-type': 'application/json; charset="ISO-8859-1"' },
    body: rpc('ping'),
    status: 415,
    code: -32000,
    message: /charset/,
  },
  { name: 'unknown method', body: rpc('tools/explode'), status: 200, code: -32601 },
  {
    name: 'unknown tool',
    body: rpc('tools/call', { name: 'delete_everything', arguments: {} }),
    status: 200,
    code: -32602,
    message: /Unknown tool/,
  },
  { name: 'tools/call without a name', body: rpc('tools/call', { arguments: {} }), status: 200, code: -32602 },
  {
    name: 'tools/call with arguments as a string',
    body: rpc('tools/call', { name: 'get_uuid', arguments: 'count=3' }),
    status: 200,
    code: -32602,
  },
  {
    name: 'oversized body',
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) } }),
    status: 413,
    code: -32000,
    message: /Payload too large/,
  },
  // API Gateway answers these itself (passthrough NEVER: no template for the content type): 415, gateway body.
  {
    name: 'wrong content type (text/plain)',
    headers: { 'content-type': 'text/plain' },
    body: rpc('ping'),
    status: 415,
    gateway: true,
  },
  {
    name: 'content type as a substring trick',
    headers: { 'content-type': 'text/plain; x=application/json' },
    body: rpc('ping'),
    status: 415,
    gateway: true,
  },
  {
    name: 'Accept that excludes JSON',
    headers: { accept: 'text/html' },
    body: rpc('ping'),
    status: 406,
    code: -32000,
  },
  {
    name: 'Accept with JSON refused (q=0)',
    headers: { accept: 'application/json;q=0, text/event-stream' },
    body: rpc('ping'),
    status: 406,
    code: -32000,
  },
  {
    name: 'unsupported protocol version header',
    headers: { 'mcp-protocol-version': '1999-01-01' },
    body: rpc('ping'),
    status: 400,
    code: -32000,
  },
  { name: 'GET expecting an SSE stream', method: 'GET', headers: { accept: 'text/event-stream' }, status: 405, code: -32000 },
  { name: 'DELETE (no sessions to end)', method: 'DELETE', status: 405, code: -32000 },
  { name: 'PUT', method: 'PUT', body: rpc('ping'), status: 405, code: -32000 },
  { name: 'invalid UTF-8 bytes', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: -32700 },
  { name: 'notification only', body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), status: 202 },
];

describe('bad input to the handler over HTTP', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0 });
  });
  afterAll(() => dev.close());

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await fetch(dev.mcpUrl, {
      method: c.method ?? 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': PROTOCOL, ...c.headers },
      body: c.method === 'GET' || c.method === 'DELETE' ? undefined : c.body,
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/); // never a stack trace
    if (c.gateway) {
      expect(JSON.parse(text)).toEqual({ message: 'Unsupported Media Type' });
      return;
    }
    if (c.code === undefined) {
      expect(text).toBe('');
      return;
    }
    const body = JSON.parse(text);
    expect(body.jsonrpc).toBe('2.0');
    expect(body.error.code).toBe(c.code);
    if (c.message) expect(body.error.message).toMatch(c.message);
    if (c.status === 405) expect(res.headers.get('allow')).toBe('POST');
  });

  it.each([['*/*'], ['application/*'], ['application/json'], ['application/json, text/event-stream'], ['']])(
    'Accept %j admits JSON: answered (this server only ever answers JSON)',
    async (accept) => {
      const res = await fetch(dev.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, 'mcp-protocol-version': PROTOCOL },
        body: rpc('ping'),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    },
  );

  it('does not advertise tools.listChanged: a stateless server can never send it', async () => {
    const res = await fetch(dev.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: rpc('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
    });
    const { result } = (await res.json()) as { result: { capabilities: Record<string, unknown> } };
    expect(result.capabilities.tools).toEqual({});
  });

  it('keeps serving after every hostile case', async () => {
    const res = await fetch(dev.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': PROTOCOL },
      body: rpc('ping'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('answers a CORS preflight for the MCP endpoint with the headers MCP clients send', async () => {
    const res = await fetch(dev.mcpUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:6274', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id']) expect(allowed).toContain(h);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE,OPTIONS');
    // Browsers read exposed headers from the actual response, not the preflight.
    const post = await fetch(dev.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': PROTOCOL },
      body: rpc('ping'),
    });
    expect(post.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate,Mcp-Session-Id');
  });
});

describe('missing authorizer context over HTTP', () => {
  let dev: RunningDevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0, claims: null });
  });
  afterAll(() => dev.close());

  it('fails closed with 401 and a resource_metadata challenge', async () => {
    const res = await fetch(dev.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: rpc('tools/list'),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${dev.baseUrl}/.well-known/oauth-protected-resource", error="invalid_token", scope="mcp/tools"`,
    );
    expect(await res.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'Unauthorized' }, id: null });
  });
});
