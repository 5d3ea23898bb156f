import { ValidationError } from '@aws-log-mcp/shared';
import { readTemplate, STAGE_VARIABLE_NAMES, STAGE_VARIABLE_VALUE_PATTERN, stageVariables, TEMPLATE_NAMES } from '../src';
import { DEPLOY } from './support/harness';

const TOKEN = '${TfToken[TOKEN.42]}';

describe('stageVariables()', () => {
  test('derives every stage variable the templates read, in a fixed order', () => {
    const vars = stageVariables(DEPLOY);
    expect(vars).toEqual({
      issuer: 'https://mcp.example.com',
      authorizationEndpoint: 'https://mcp.example.com/authorize',
      cognitoAuthorizationEndpoint: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
      tokenEndpoint: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com/oauth2/token',
      revocationEndpoint: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
      registrationEndpoint: 'https://mcp.example.com/register',
      resource: 'https://mcp.example.com/mcp',
      resourceName: 'Log~analytics~MCP~server',
      scopes: 'mcp/tools,mcp/admin',
      defaultScopes: 'mcp/tools',
      userPoolId: 'eu-west-1_AbC123',
      identityProviders: 'COGNITO',
      defaultClientName: 'MCP~client',
      accessTokenValidity: '60',
      idTokenValidity: '60',
      refreshTokenValidity: '30',
      refreshTokenRotation: 'ENABLED',
      refreshTokenRetryGraceSeconds: '60',
      redirectHttpsHosts: 'claude.ai,claude.com,chatgpt.com,vscode.dev,insiders.vscode.dev,www.cursor.com,oauth2.slack.com',
      redirectLoopbackHosts: 'localhost,127.0.0.1',
      redirectSchemes: 'cursor,vscode,vscode-insiders,.',
      resourceIndicators: 'true',
      clientIdMetadataDocumentSupported: 'false',
      clientLifetimeSeconds: '0',
    });
    expect(Object.keys(vars)).toEqual([...STAGE_VARIABLE_NAMES]);
    for (const value of Object.values(vars)) expect(value).toMatch(STAGE_VARIABLE_VALUE_PATTERN);
  });

  test('every stage variable is read by at least one template', () => {
    const all = TEMPLATE_NAMES.map((n) => readTemplate(n)).join('\n');
    for (const name of STAGE_VARIABLE_NAMES) expect(all).toContain(`stageVariables.${name}`);
  });

  test('cdktf tokens pass through unvalidated and are concatenated into derived values', () => {
    const vars = stageVariables({ ...DEPLOY, publicBaseUrl: TOKEN, userPoolId: TOKEN, cognitoDomainUrl: TOKEN });
    expect(vars.issuer).toBe(TOKEN);
    expect(vars.resource).toBe(`${TOKEN}/mcp`);
    expect(vars.tokenEndpoint).toBe(`${TOKEN}/oauth2/token`);
  });

  test('http is allowed only on loopback (local emulator)', () => {
    expect(stageVariables({ ...DEPLOY, publicBaseUrl: 'http://127.0.0.1:4566' }).resource).toBe('http://127.0.0.1:4566/mcp');
  });

  test.each<[string, Partial<typeof DEPLOY>, string]>([
    ['trailing slash on the base URL', { publicBaseUrl: 'https://mcp.example.com/' }, 'publicBaseUrl'],
    ['http base URL off loopback', { publicBaseUrl: 'http://mcp.example.com' }, 'publicBaseUrl'],
    ['query in the base URL', { publicBaseUrl: 'https://mcp.example.com?x=1' }, 'publicBaseUrl'],
    ['mcpPath without slash', { mcpPath: 'mcp' }, 'mcpPath'],
    ['mcpPath with trailing slash', { mcpPath: '/mcp/' }, 'mcpPath'],
    ['Cognito domain with a path', { cognitoDomainUrl: 'https://x.auth.eu-west-1.amazoncognito.com/oauth2' }, 'cognitoDomainUrl'],
    ['bad user pool id', { userPoolId: 'pool"1' }, 'userPoolId'],
    ['no scopes', { scopes: [] }, 'scopes'],
    ['51 scopes', { scopes: Array.from({ length: 51 }, (_, i) => `s/${i}`), defaultScopes: ['s/0'] }, 'scopes'],
    ['scope with a comma', { scopes: ['a,b'] }, 'scopes[0]'],
    ['scope with a space', { scopes: ['a b'] }, 'scopes[0]'],
    ['repeated scope', { scopes: ['a', 'a'] }, 'scopes'],
    ['default scope outside scopes', { defaultScopes: ['mcp/other'] }, 'defaultScopes[0]'],
    ['resource name with a quote', { resourceName: 'Log "MCP"' }, 'resourceName'],
    ['resource name with a tilde', { resourceName: 'a~b' }, 'resourceName'],
    ['resource name with outer space', { resourceName: ' MCP' }, 'resourceName'],
    [
      'a stage variable longer than 512 characters',
      { scopes: Array.from({ length: 45 }, (_, i) => `mcp/scope-${i}`), defaultScopes: [`mcp/scope-0`] },
      'stageVariables.scopes',
    ],
    ['access token validity too long', { accessTokenValidityMinutes: 1441 }, 'accessTokenValidityMinutes'],
    ['refresh token validity fractional', { refreshTokenValidityDays: 1.5 }, 'refreshTokenValidityDays'],
  ])('rejects %s, naming the field', (_label, override, field) => {
    let caught: unknown;
    try {
      stageVariables({ ...DEPLOY, ...override });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(field);
  });
});
