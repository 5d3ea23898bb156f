import { STAGE_VARIABLES, render } from './support/harness';
import { AUTHORIZE_REQUESTS } from './fixtures/authorize-requests';

const COGNITO = STAGE_VARIABLES.cognitoAuthorizationEndpoint;

describe('authorize-redirect.vtl: GET /authorize normalizes the request and redirects to Cognito', () => {
  test('has at least 15 cases, both outcomes', () => {
    expect(AUTHORIZE_REQUESTS.length).toBeGreaterThanOrEqual(15);
    expect(AUTHORIZE_REQUESTS.filter((c) => 'error' in c.expect).length).toBeGreaterThanOrEqual(5);
  });

  test.each(AUTHORIZE_REQUESTS.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { output, responseOverride } = render('authorize-redirect', {
      params: { querystring: c.query },
      stageVariables: { ...STAGE_VARIABLES, ...c.stageVariables },
    });
    if ('error' in c.expect) {
      expect(responseOverride.status).toBe(400);
      expect(responseOverride.header).toEqual({});
      const body = JSON.parse(output) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_request');
      expect(body.error_description).toMatch(c.expect.error);
      return;
    }
    expect(responseOverride.status).toBeUndefined();
    const location = responseOverride.header.Location;
    expect(location.startsWith(`${COGNITO}?`)).toBe(true);
    // Only URL-safe characters: nothing in the header can end it or start another one.
    expect(location).toMatch(/^[A-Za-z0-9:/?&=%.+*_-]+$/);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(COGNITO);
    // URLSearchParams decodes '+' as a space, as Cognito's form decoding does.
    expect([...url.searchParams.entries()]).toEqual(c.expect.redirect);
    expect(output.trim()).toBe('');
  });
});
