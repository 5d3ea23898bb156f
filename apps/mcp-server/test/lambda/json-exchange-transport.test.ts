import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import { RequestHeaders } from '../../src/lambda/event-adapter';
import { authenticate } from '../../src/lambda/identity';
import { Logger } from '../../src/lambda/log';
import { createMcpHandler, SERVER_INFO } from '../../src/lambda/mcp-handler';
import { registerTools } from '../../src/lambda/tools';

const CLAIMS = { sub: 's', client_id: 'c', token_use: 'access', scope: 'mcp/tools' };
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/**
 * The answer of the SDK's own Streamable HTTP transport (stateless, JSON responses: what the
 * handler used before) for the same server and message: status, content type and JSON body.
 */
async function viaSdkTransport(message: unknown, headers: Record<string, string>) {
  const auth = authenticate(CLAIMS, { requiredScope: 'mcp/tools', acceptedScopes: [] });
  if (!auth.ok) throw new Error('claims rejected');
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
  registerTools(server, auth.identity);
  server.server.registerCapabilities({ tools: { listChanged: undefined } });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const request = new Request('https://example.execute-api.eu-west-1.amazonaws.com/mcp', {
      method: 'POST',
      headers: { ...headers, ...JSON_HEADERS },
    });
    const response = await transport.handleRequest(request, { parsedBody: message });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  } finally {
    await server.close();
  }
}

async function viaHandler(message: unknown, headers: Record<string, string>) {
  const handler = createMcpHandler({ requiredScope: 'mcp/tools', logger: new Logger('silent') });
  const res = await handler(proxyEvent({ headers: { ...headers, ...JSON_HEADERS }, body: message, claims: CLAIMS }));
  return {
    status: res.statusCode,
    contentType: res.headers?.['content-type'] ?? null,
    body: res.body ? JSON.parse(res.body) : undefined,
  };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
};

describe('JsonExchangeTransport answers as the SDK’s Streamable HTTP transport (stateless, JSON responses)', () => {
  it.each([
    ['initialize', initialize, {}],
    [
      'initialize with an unsupported protocol version header (not checked on initialize)',
      initialize,
      { 'mcp-protocol-version': '1999-01-01' },
    ],
    ['ping', { jsonrpc: '2.0', id: 'p', method: 'ping' }, { 'mcp-protocol-version': '2025-06-18' }],
    [
      'ping with an unsupported protocol version header',
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { 'mcp-protocol-version': '1999-01-01' },
    ],
    ['ping without a protocol version header', { jsonrpc: '2.0', id: 3, method: 'ping' }, {}],
    ['a notification (202, no body)', { jsonrpc: '2.0', method: 'notifications/initialized' }, {}],
    ['a response from the client (202, no body)', { jsonrpc: '2.0', id: 9, result: {} }, {}],
    ['an unknown method', { jsonrpc: '2.0', id: 4, method: 'resources/list' }, {}],
    ['tools/list', { jsonrpc: '2.0', id: 5, method: 'tools/list' }, {}],
    ['tools/call whoami', { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'whoami', arguments: {} } }, {}],
    [
      'tools/call with input the zod schema refuses',
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_uuid', arguments: { count: 0 } } },
      {},
    ],
  ])('%s', async (_, message, headers) => {
    const [ours, sdk] = await Promise.all([viaHandler(message, headers), viaSdkTransport(message, headers)]);
    expect(ours).toStrictEqual(sdk);
  });
});

describe('RequestHeaders keeps headers as the Fetch API’s Headers does', () => {
  it.each([
    ['plain values, names lower-cased', [['Content-Type', 'application/json']]],
    [
      'repeated headers joined with ", "',
      [
        ['Accept', 'a/b'],
        ['accept', 'c/d'],
      ],
    ],
    ['leading and trailing whitespace trimmed', [['x-a', ' \t v \r\n']]],
    ['an empty value', [['x-empty', '']]],
    [
      'a name that is not a token is dropped',
      [
        ['bad name', 'v'],
        ['x-ok', 'v'],
      ],
    ],
    [
      'CR, LF and NUL inside a value are dropped',
      [
        ['x-crlf', 'a\r\nb'],
        ['x-nul', 'a\u0000b'],
        ['x-ok', 'v'],
      ],
    ],
    [
      'a value beyond Latin-1 is dropped',
      [
        ['x-u', 'caf\u00e9 \u2603'],
        ['x-ok', 'v'],
      ],
    ],
    ['Latin-1 values are kept', [['x-l', 'caf\u00e9']]],
  ])('%s', (_, pairs) => {
    const ours = new RequestHeaders();
    const fetch = new Headers();
    for (const [name, value] of pairs) {
      ours.append(name, value);
      try {
        fetch.append(name, value);
      } catch {
        // Fetch throws where ours drops
      }
    }
    const expected: Record<string, string> = {};
    fetch.forEach((value, name) => {
      expected[name] = value;
    });
    expect(ours.toObject()).toStrictEqual(expected);
    // Fetch's get() throws on a name that is not a token; ours answers null.
    for (const [name] of pairs) expect(ours.get(name)).toBe(name.includes(' ') ? null : fetch.get(name));
  });

  it('drops other control characters, which Fetch would keep but Node’s HTTP parser refuses', () => {
    const headers = new RequestHeaders();
    headers.append('x-ctl', 'a\u0001b');
    expect(headers.has('x-ctl')).toBe(false);
    expect(headers.get('x-ctl')).toBeNull();
  });
});
