import { ValidationError } from '@aws-log-mcp/shared';
import {
  authorizationServerMetadataUrl,
  insufficientScopeHeaderValue,
  protectedResourceMetadataUrl,
  readTemplate,
  wwwAuthenticateHeaderValue,
} from '../src';
import { gatewayErrorContext, renderGatewayResponse } from '../src/emulator';

const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

/** Parses an RFC 9110 challenge the way VS Code and the MCP SDK read WWW-Authenticate. */
function parseChallenge(value: string): { scheme: string; params: Record<string, string> } {
  const [, scheme, rest] = /^(\S+) (.*)$/.exec(value)!;
  const params: Record<string, string> = {};
  for (const m of rest.matchAll(/([a-z_]+)="([^"]*)"(?:, |$)/g)) params[m[1]] = m[2];
  return { scheme, params };
}

describe('WWW-Authenticate header values', () => {
  test('401: single-quoted static value with resource_metadata and scope', () => {
    const value = wwwAuthenticateHeaderValue({ resourceMetadataUrl: PRM, scope: ['mcp/tools', 'mcp/admin'] });
    expect(value).toBe(`'Bearer resource_metadata="${PRM}", scope="mcp/tools mcp/admin"'`);
    expect(parseChallenge(value.slice(1, -1))).toEqual({
      scheme: 'Bearer',
      params: { resource_metadata: PRM, scope: 'mcp/tools mcp/admin' },
    });
  });

  test('401 without scope omits the parameter', () => {
    expect(wwwAuthenticateHeaderValue({ resourceMetadataUrl: PRM })).toBe(`'Bearer resource_metadata="${PRM}"'`);
  });

  test('403: error="insufficient_scope" variant', () => {
    const value = insufficientScopeHeaderValue({ resourceMetadataUrl: PRM, scope: 'mcp/admin' });
    expect(value).toBe(`'Bearer error="insufficient_scope", scope="mcp/admin", resource_metadata="${PRM}"'`);
    expect(parseChallenge(value.slice(1, -1)).params.error).toBe('insufficient_scope');
  });

  test.each(["https://x/'", 'https://x/"', 'https://x/\\', 'https://x/\r\nSet-Cookie: a=b', 'https://x/é'])(
    'rejects %j',
    (url) => {
      expect(() => wwwAuthenticateHeaderValue({ resourceMetadataUrl: url })).toThrow(ValidationError);
    },
  );

  test('tokens pass through', () => {
    expect(wwwAuthenticateHeaderValue({ resourceMetadataUrl: '${TfToken[TOKEN.1]}/x' })).toContain('${TfToken[TOKEN.1]}/x');
  });
});

describe('well-known URLs', () => {
  test('RFC 9728: the well-known segment is inserted before the resource path', () => {
    expect(protectedResourceMetadataUrl('https://mcp.example.com', '/mcp')).toBe(PRM);
  });

  test('RFC 8414: issuer without path, and issuer with path', () => {
    expect(authorizationServerMetadataUrl('https://mcp.example.com')).toBe(
      'https://mcp.example.com/.well-known/oauth-authorization-server',
    );
    expect(authorizationServerMetadataUrl('https://h.example.com/tenant')).toBe(
      'https://h.example.com/.well-known/oauth-authorization-server/tenant',
    );
  });
});

describe('gateway response bodies', () => {
  test('401 body', () => {
    const out = renderGatewayResponse(readTemplate('gateway-unauthorized'), gatewayErrorContext('Unauthorized'));
    expect(JSON.parse(out)).toEqual({ message: 'Unauthorized' });
  });

  test('403 body is an RFC 6750 insufficient_scope error', () => {
    const out = renderGatewayResponse(readTemplate('gateway-access-denied'), gatewayErrorContext('Forbidden'));
    expect(JSON.parse(out)).toEqual({ error: 'insufficient_scope', error_description: 'Forbidden' });
  });

  test('invalid registration body -> RFC 7591 invalid_client_metadata', () => {
    const out = renderGatewayResponse(readTemplate('gateway-bad-request-body'), gatewayErrorContext('Invalid request body'));
    expect(JSON.parse(out)).toEqual({ error: 'invalid_client_metadata', error_description: 'Invalid request body' });
  });
});
