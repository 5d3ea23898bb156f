import Ajv from 'ajv-draft-04';
import { dcrRequestModelSchema, dcrRequestModelSchemaJson, REDIRECT_URI_PATTERN } from '../src';
import { validateBody } from './support/harness';

describe('DCR request model (draft-04)', () => {
  test('is a valid draft-04 schema', () => {
    const ajv = new Ajv();
    expect(dcrRequestModelSchema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(ajv.validateSchema(dcrRequestModelSchema)).toBe(true);
  });

  test('uses no $ref (API Gateway models only resolve references to other models of the same API)', () => {
    expect(dcrRequestModelSchemaJson()).not.toContain('$ref');
  });

  test('is emitted as compact JSON without Terraform interpolation sequences', () => {
    const json = dcrRequestModelSchemaJson();
    expect(JSON.parse(json)).toEqual(dcrRequestModelSchema);
    expect(json).not.toMatch(/\$\{|%\{/);
  });

  test.each([
    'https://vscode.dev/redirect',
    'https://insiders.vscode.dev/redirect',
    'https://claude.ai/api/mcp/auth_callback',
    'http://localhost:6274/oauth/callback',
    'http://127.0.0.1/',
    'http://127.0.0.1:33418/',
    'http://[::1]:8080/cb',
    'https://app.example.com:8443/cb?state=x&y=%2F',
    'vscode://vscode.github-authentication/did-authenticate',
    'cursor://anysphere.cursor-mcp/oauth/callback',
    'com.example.app:/oauth2redirect',
    'myapp://example',
  ])('the redirect URI %s has an acceptable shape', (uri) => {
    expect(new RegExp(REDIRECT_URI_PATTERN).test(uri)).toBe(true);
    expect(validateBody(JSON.stringify({ redirect_uris: [uri] })).valid).toBe(true);
  });

  test.each([
    'http://example.com/cb',
    'http://localhost.example.com/cb',
    'http://127.0.0.2/cb',
    'https://-bad.example.com/',
    'https://app.example.com/cb#x',
    'https://user@app.example.com/',
    'https:///path',
    'ftp://localhost/',
    'javascript:alert(1)',
    'javascript://x/%0a',
    'file:///etc/passwd',
    'com.example.app:callback',
    'https://app.example.com/\u00e9',
    'https://app.example.com/a\tb',
  ])('the redirect URI %j has a shape dcr-request.vtl never registers (the model leaves it to the template)', (uri) => {
    expect(new RegExp(REDIRECT_URI_PATTERN).test(uri)).toBe(false);
    expect(validateBody(JSON.stringify({ redirect_uris: [uri] })).valid).toBe(true);
  });

  test('the model bounds redirect_uris by type, count, size and uniqueness only', () => {
    for (const bad of [[], [''], [1], ['a', 'a'], 'a', Array.from({ length: 101 }, (_, i) => `u${i}`), ['x'.repeat(1025)]]) {
      expect(validateBody(JSON.stringify({ redirect_uris: bad })).valid).toBe(false);
    }
  });
});
