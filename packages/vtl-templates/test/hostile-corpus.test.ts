import { acceptedRedirectPattern, DEFAULT_REDIRECT_POLICY, REDIRECT_URI_PATTERN } from '../src';
import { HOSTILE_DCR_CORPUS } from './fixtures/hostile-dcr-corpus';
import { BASE_COGNITO_REQUEST, REFUSED_CALLBACK_URLS, renderDcrRequest, STAGE_VARIABLES, validateBody } from './support/harness';

const COGNITO_CLIENT_NAME = /^[\w\s+=,.@-]{1,128}$/;
const acceptedByDefaultPolicy = (uri: string) => new RegExp(acceptedRedirectPattern(DEFAULT_REDIRECT_POLICY)).test(uri);
const ALLOWED_SCOPES = STAGE_VARIABLES.scopes.split(',');
const FIXED_KEYS = Object.keys(BASE_COGNITO_REQUEST).filter(
  (k) => !['ClientName', 'CallbackURLs', 'AllowedOAuthScopes', 'GenerateSecret'].includes(k),
);

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

describe('hostile DCR corpus', () => {
  test('has at least 40 cases, unique ids, both outcomes represented', () => {
    expect(HOSTILE_DCR_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HOSTILE_DCR_CORPUS.map((c) => c.id)).size).toBe(HOSTILE_DCR_CORPUS.length);
    expect(HOSTILE_DCR_CORPUS.filter((c) => c.expect === 'rejected').length).toBeGreaterThan(20);
    expect(HOSTILE_DCR_CORPUS.filter((c) => c.expect === 'refused').length).toBeGreaterThan(20);
    expect(HOSTILE_DCR_CORPUS.filter((c) => typeof c.expect === 'object').length).toBeGreaterThan(20);
  });

  describe.each(HOSTILE_DCR_CORPUS.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    test(
      c.expect === 'rejected'
        ? 'is rejected by the request validator'
        : c.expect === 'refused'
          ? 'passes the validator and renders the refused request (no redirect URI, which Cognito refuses)'
          : 'passes the validator and renders exactly the expected request',
      () => {
        const verdict = validateBody(c.body);
        if (c.expect === 'rejected') {
          expect(verdict.valid).toBe(false);
        } else {
          expect(verdict).toEqual({ valid: true, errors: [] });
          const request = renderDcrRequest(c.body);
          if (c.expect === 'refused') {
            expect(request.CallbackURLs).toEqual(REFUSED_CALLBACK_URLS);
          } else {
            expect(request).toEqual({ ...BASE_COGNITO_REQUEST, ...c.expect });
          }
        }
      },
    );

    if (isJson(c.body)) {
      test('even without the validator, the template keeps every key and fixed value and only emits whitelisted values', () => {
        const request = renderDcrRequest(c.body);
        expect(Object.keys(request)).toEqual(Object.keys(BASE_COGNITO_REQUEST));
        for (const key of FIXED_KEYS) {
          expect(request[key as keyof typeof request]).toEqual(BASE_COGNITO_REQUEST[key as keyof typeof BASE_COGNITO_REQUEST]);
        }
        expect(request.ClientName).toMatch(COGNITO_CLIENT_NAME);
        expect(request.ClientName.trim()).toBe(request.ClientName);
        expect(request.CallbackURLs.length).toBeLessThanOrEqual(100);
        if (request.CallbackURLs.length === 1 && request.CallbackURLs[0] === '') return;
        for (const uri of request.CallbackURLs) {
          expect(uri).toMatch(new RegExp(REDIRECT_URI_PATTERN));
          expect(acceptedByDefaultPolicy(uri)).toBe(true);
          expect(uri.length).toBeLessThanOrEqual(1024);
        }
        expect(new Set(request.CallbackURLs).size).toBe(request.CallbackURLs.length);
        expect(request.AllowedOAuthScopes.length).toBeGreaterThan(0);
        expect(request.AllowedOAuthScopes.every((s) => ALLOWED_SCOPES.includes(s))).toBe(true);
        expect(typeof request.GenerateSecret).toBe('boolean');
      });
    }
  });
});
