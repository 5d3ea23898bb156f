import { proxyEvent } from '../src/proxy-event';

describe('proxyEvent', () => {
  it('builds the REST proxy event (payload 1.0) a Lambda proxy integration receives', () => {
    const e = proxyEvent({ body: { jsonrpc: '2.0' }, claims: { scope: 'mcp/tools' } });
    expect(e).toMatchObject({
      httpMethod: 'POST',
      path: '/mcp',
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: { 'content-type': ['application/json'] },
      body: '{"jsonrpc":"2.0"}',
      isBase64Encoded: false,
      queryStringParameters: null,
      requestContext: { requestId: 'test-request', stage: 'api', authorizer: { claims: { scope: 'mcp/tools' } } },
    });
  });

  it('sends bytes base64-encoded, keeps repeated headers, and omits an empty body', () => {
    const e = proxyEvent({
      method: 'GET',
      body: Buffer.from([0xff, 0x00]),
      base64: true,
      headers: { accept: 'b' },
      multiValueHeaders: { accept: ['a', 'b'] },
      claims: null,
      query: { q: '1' },
    });
    expect(e.body).toBe('/wA=');
    expect(e.isBase64Encoded).toBe(true);
    expect(e.multiValueHeaders.accept).toEqual(['a', 'b']);
    expect(e.requestContext.authorizer).toBeNull();
    expect(e.queryStringParameters).toEqual({ q: '1' });
    expect(proxyEvent({ body: Buffer.alloc(0), base64: true }).body).toBeNull();
  });
});
