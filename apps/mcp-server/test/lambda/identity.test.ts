import { audienceValues, authenticate } from '../../src/lambda/identity';

// The audience check of resource binding (RFC 8707): Cognito puts the `resource` of the authorization request in the
// access token's `aud`; a token bound to another resource of the same pool must not open this server.

const RESOURCE = 'https://mcp.example.com/mcp';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123';
const base = { sub: 'u1', client_id: 'c1', token_use: 'access', scope: 'mcp/tools', iss: ISSUER };
const req = { requiredScope: 'mcp/tools', issuer: ISSUER, resource: RESOURCE };

describe('authenticate: audience (resource binding)', () => {
  it.each([
    ['the resource itself', RESOURCE],
    ['the resource with a trailing slash', `${RESOURCE}/`],
    ['a JSON list holding it', JSON.stringify(['https://other.example/api', RESOURCE])],
    ["Java's list form holding it", `[https://other.example/api, ${RESOURCE}]`],
  ])('admits a token whose aud is %s', (_label, aud) => {
    expect(authenticate({ ...base, aud }, req).ok).toBe(true);
  });

  it('admits a token without aud (no resource requested, or a LITE pool that does not bind)', () => {
    expect(authenticate(base, req).ok).toBe(true);
  });

  it.each([
    ['another resource', 'https://other.example/api'],
    ['a prefix of the resource', 'https://mcp.example.com'],
    ['the resource on another path', 'https://mcp.example.com/mcp/admin'],
    ['another scheme', 'http://mcp.example.com/mcp'],
    ['a case variant of the path', 'https://mcp.example.com/MCP'],
    ['a list without it', '["https://other.example/api"]'],
    ['an empty list', '[]'],
  ])('refuses a token whose aud is %s: 401 invalid_token', (_label, aud) => {
    expect(authenticate({ ...base, aud }, req)).toEqual({
      ok: false,
      status: 401,
      error: 'invalid_token',
      reason: 'token was issued for another resource (aud)',
    });
  });

  it('checks nothing about aud when the handler has no resource configured', () => {
    expect(authenticate({ ...base, aud: 'https://other.example/api' }, { requiredScope: 'mcp/tools' }).ok).toBe(true);
  });

  it('checks the audience before the scope: a foreign token is invalid, not merely short of scope', () => {
    const result = authenticate({ ...base, scope: 'other/x', aud: 'https://other.example/api' }, req);
    expect(result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
  });
});

describe('audienceValues', () => {
  it.each([
    ['a', ['a']],
    [' a ', ['a']],
    ['["a","b"]', ['a', 'b']],
    ['[a, b]', ['a', 'b']],
    ['[]', []],
  ])('%j -> %j', (input, expected) => {
    expect(audienceValues(input)).toEqual(expected);
  });
});
