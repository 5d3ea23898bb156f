import { MCP_INTEGRATION, MCP_METHOD_RESPONSE_STATUS_CODES, MCP_RESPONSE_HEADERS, readTemplate } from '../src';
import { CLAIMS, MCP_INTEGRATION_CASES } from './fixtures/mcp-integration';
import { render, renderJson } from './support/harness';

type Event = {
  httpMethod: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  requestContext: { requestId: string; domainName: string; authorizer: { claims: Record<string, string> } };
};

const requestCase = (id: string) => MCP_INTEGRATION_CASES.find((c) => c.id === id)!.request!;
const resultCase = (id: string) => MCP_INTEGRATION_CASES.find((c) => c.id === id)!.result!;

describe('mcp-request.vtl: the method request as the REST proxy event the handler reads', () => {
  test('method, path, headers without Authorization, body bytes, verified claims', () => {
    const r = requestCase('initialize');
    const event = renderJson('mcp-request', { body: r.body, params: { header: r.headers }, context: r.context }) as Event;
    expect(event.httpMethod).toBe('POST');
    expect(event.path).toBe('/mcp');
    expect(event.headers).toEqual({
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64').toString('utf8')).toBe(r.body);
    expect(event.requestContext.domainName).toBe('abc123.execute-api.eu-west-1.amazonaws.com');
    expect(event.requestContext.authorizer.claims).toEqual({ ...CLAIMS, aud: '', 'custom:dev_local': '' });
  });

  test('hostile header values, header names, body and claims cannot add or change a key', () => {
    const r = requestCase('hostile-headers-and-body');
    const event = renderJson('mcp-request', { body: r.body, params: { header: r.headers }, context: r.context }) as Event;
    expect(Object.keys(event.headers)).toEqual(['Content-Type', 'X-Evil', 'X-Quote']);
    expect(event.headers['X-Evil']).toBe(r.headers['X-Evil']);
    expect(event.headers['X-Quote']).toBe(r.headers['X-Quote']);
    expect(Buffer.from(event.body, 'base64').toString('utf8')).toBe(r.body);
    expect(Object.keys(event.requestContext.authorizer.claims)).toEqual([
      'sub',
      'client_id',
      'username',
      'scope',
      'token_use',
      'iss',
      'aud',
      'custom:dev_local',
    ]);
    expect(event.requestContext.authorizer.claims.scope).toBe('mcp/tools", "admin": "true');
  });

  test('without an authorizer every claim is empty, which the handler refuses (fail closed)', () => {
    const r = requestCase('no-authorizer');
    const event = renderJson('mcp-request', { body: r.body, params: { header: r.headers }, context: r.context }) as Event;
    expect(event.httpMethod).toBe('GET');
    expect(event.body).toBe('');
    expect(Object.values(event.requestContext.authorizer.claims).every((v) => v === '')).toBe(true);
  });

  test('the audience and the dev server marker are copied when present', () => {
    const r = requestCase('dev-local-marker-claim');
    const event = renderJson('mcp-request', { body: r.body, params: { header: r.headers }, context: r.context }) as Event;
    expect(event.requestContext.authorizer.claims.aud).toBe('https://mcp.example.com/mcp');
    expect(event.requestContext.authorizer.claims['custom:dev_local']).toBe('true');
  });
});

describe('mcp-response.vtl: the handler result as the method response', () => {
  test('status, the challenge header unchanged, and the body byte for byte', () => {
    const result = JSON.parse(resultCase('insufficient-scope-challenge')) as { headers: Record<string, string>; body: string };
    const { output, responseOverride } = render('mcp-response', { body: resultCase('insufficient-scope-challenge') });
    expect(responseOverride.status).toBe(403);
    expect(responseOverride.header).toEqual({
      'Content-Type': 'application/json',
      'WWW-Authenticate': result.headers['www-authenticate'],
      'Access-Control-Allow-Origin': '*',
    });
    expect(output).toBe(result.body);
  });

  test('a body holding VTL syntax, "$", "#" and trailing newlines comes out unchanged', () => {
    const result = JSON.parse(resultCase('body-with-vtl-syntax-and-newlines')) as { body: string };
    expect(render('mcp-response', { body: resultCase('body-with-vtl-syntax-and-newlines') }).output).toBe(result.body);
  });

  test('empty bodies stay empty (202, 405 with Allow)', () => {
    expect(render('mcp-response', { body: resultCase('accepted-notification') })).toEqual({
      output: '',
      responseOverride: { status: 202, header: {} },
    });
    expect(render('mcp-response', { body: resultCase('method-not-allowed') })).toEqual({
      output: '',
      responseOverride: { status: 405, header: { Allow: 'POST' } },
    });
  });

  test.each(['function-error', 'undeclared-status', 'status-as-string'])(
    '%s: 500 with a fixed JSON-RPC error, nothing of the payload reaches the client',
    (id) => {
      const { output, responseOverride } = render('mcp-response', { body: resultCase(id) });
      expect(responseOverride).toEqual({ status: 500, header: {} });
      expect(JSON.parse(output)).toEqual({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    },
  );

  test('every status the template can set is a declared method response, each declaring the headers it passes', () => {
    const text = readTemplate('mcp-response');
    const listed = /#foreach\(\$code in \[([0-9, ]+)\]\)/.exec(text)![1].split(', ');
    expect([...MCP_METHOD_RESPONSE_STATUS_CODES]).toEqual(listed);
    for (const header of Object.keys(MCP_RESPONSE_HEADERS)) {
      expect(text).toContain(`$context.responseOverride.header.${header} = $value`);
    }
    expect(Object.keys(MCP_RESPONSE_HEADERS)).toEqual([
      'Content-Type',
      'WWW-Authenticate',
      'Allow',
      'Access-Control-Allow-Origin',
      'Access-Control-Expose-Headers',
    ]);
  });

  test('the integration is not a proxy one, and refuses bodies without a template', () => {
    expect(MCP_INTEGRATION).toMatchObject({
      type: 'AWS',
      passthroughBehavior: 'NEVER',
      requestTemplate: 'mcp-request',
      responseTemplate: 'mcp-response',
    });
  });
});
