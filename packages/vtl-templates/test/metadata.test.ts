import { OAuthMetadataSchema, OAuthProtectedResourceMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { renderJson, render, STAGE_VARIABLES, DEPLOY } from './support/harness';

describe('authorization-server-metadata.vtl (RFC 8414)', () => {
  const metadata = renderJson('authorization-server-metadata');

  test('renders exactly the expected document', () => {
    expect(metadata).toEqual({
      issuer: 'https://mcp.example.com',
      authorization_endpoint: 'https://mcp.example.com/authorize',
      token_endpoint: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com/oauth2/token',
      registration_endpoint: 'https://mcp.example.com/register',
      revocation_endpoint: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
      scopes_supported: ['mcp/tools', 'mcp/admin'],
    });
  });

  test('advertises client_id_metadata_document_supported only when the pool has a CIMD policy', () => {
    expect(metadata).not.toHaveProperty('client_id_metadata_document_supported');
    const on = renderJson('authorization-server-metadata', {
      stageVariables: { ...STAGE_VARIABLES, clientIdMetadataDocumentSupported: 'true' },
    });
    expect(on).toEqual({ ...metadata, client_id_metadata_document_supported: true });
    expect(OAuthMetadataSchema.parse(on).issuer).toBe(DEPLOY.publicBaseUrl);
    // Anything but the exact string 'true' (a hand-edited stage variable) advertises nothing.
    for (const value of ['TRUE', 'yes', '1', '']) {
      const off = renderJson('authorization-server-metadata', {
        stageVariables: { ...STAGE_VARIABLES, clientIdMetadataDocumentSupported: value },
      });
      expect(off).toEqual(metadata);
    }
  });

  test('is accepted by the MCP SDK OAuthMetadataSchema, and S256 survives parsing', () => {
    const parsed = OAuthMetadataSchema.parse(metadata);
    expect(parsed.code_challenge_methods_supported).toContain('S256');
    expect(parsed.issuer).toBe(DEPLOY.publicBaseUrl);
  });

  test('never advertises offline_access: clients would add it to their requests and Cognito has no such scope', () => {
    expect(JSON.stringify(metadata)).not.toContain('offline_access');
  });

  test('RFC 8414 section 2: the issuer is an https URL without query or fragment', () => {
    const issuer = new URL(metadata.issuer as string);
    expect(issuer.protocol).toBe('https:');
    expect(issuer.search + issuer.hash).toBe('');
  });
});

describe('protected-resource-metadata.vtl (RFC 9728)', () => {
  const prm = renderJson('protected-resource-metadata');

  test('renders exactly the expected document', () => {
    expect(prm).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: ['https://mcp.example.com'],
      scopes_supported: ['mcp/tools', 'mcp/admin'],
      bearer_methods_supported: ['header'],
      resource_name: 'Log analytics MCP server',
    });
  });

  test('is accepted by the MCP SDK OAuthProtectedResourceMetadataSchema', () => {
    expect(OAuthProtectedResourceMetadataSchema.parse(prm).authorization_servers).toEqual(['https://mcp.example.com']);
  });

  test('authorization_servers[0] equals the issuer character for character; resource equals the MCP URL exactly', () => {
    const asm = renderJson('authorization-server-metadata');
    expect((prm.authorization_servers as string[])[0]).toBe(asm.issuer);
    expect(prm.resource).toBe(`${DEPLOY.publicBaseUrl}${DEPLOY.mcpPath}`);
    // VS Code compares new URL(resource).toString() with the URL the user configured; the SDK wants same origin.
    expect(new URL(prm.resource as string).toString()).toBe('https://mcp.example.com/mcp');
  });

  test('a missing stage variable yields empty values that the SDK schema rejects, instead of VTL text leaking out', () => {
    const withoutResource = Object.fromEntries(Object.entries(STAGE_VARIABLES).filter(([name]) => name !== 'resource'));
    const out = render('protected-resource-metadata', { stageVariables: withoutResource }).output;
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(parsed.resource).toBe('');
    expect(OAuthProtectedResourceMetadataSchema.safeParse(parsed).success).toBe(false);
  });
});

describe('mock-integration-request.vtl', () => {
  test('asks the Mock integration for a 200', () => {
    expect(renderJson('mock-integration-request')).toEqual({ statusCode: 200 });
  });
});
