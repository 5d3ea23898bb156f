import { ValidationError } from '@aws-log-mcp/shared';
import {
  acceptedRedirectPattern,
  DEFAULT_HTTPS_REDIRECT_HOSTS,
  DEFAULT_REDIRECT_POLICY,
  LOOPBACK_HOSTS,
  RedirectPolicy,
  redirectPolicyStageVariables,
  redirectPolicyWarning,
  resolveRedirectPolicy,
  stageVariables,
} from '../src';
import { DEPLOY, renderJson, validateBody } from './support/harness';
import { APPLICATION_TYPES as TYPES, POLICIES, REDIRECT_URIS } from './fixtures/redirect-cases';

/**
 * dcr-request.vtl against the TypeScript statement of the policy (acceptedRedirectPattern): every URI below, under every
 * policy below, for every application_type, is registered exactly when the policy accepts it, together with its
 * loopback twin when that host is allowed; a URI the policy refuses leaves the request with no redirect URI ([""]).
 */

function twinOf(uri: string, policy: RedirectPolicy): string | undefined {
  const swap = uri.startsWith('http://localhost')
    ? ['localhost', 'http://127.0.0.1' + uri.slice(16)]
    : uri.startsWith('http://127.0.0.1')
      ? ['127.0.0.1', 'http://localhost' + uri.slice(16)]
      : undefined;
  if (!swap) return undefined;
  const twinHost = swap[0] === 'localhost' ? '127.0.0.1' : 'localhost';
  return (policy.loopbackHosts as readonly string[]).includes(twinHost) ? swap[1] : undefined;
}

describe('dcr-request.vtl decides redirect URIs exactly as the policy says', () => {
  test('the corpus of URIs covers every form and both outcomes under the default policy', () => {
    const accepted = REDIRECT_URIS.filter((u) => new RegExp(acceptedRedirectPattern(DEFAULT_REDIRECT_POLICY)).test(u));
    expect(accepted.length).toBeGreaterThan(15);
    expect(REDIRECT_URIS.length - accepted.length).toBeGreaterThan(15);
  });

  describe.each(Object.entries(POLICIES))('policy %s', (_name, policy) => {
    const variables = stageVariables({ ...DEPLOY, redirectPolicy: policy });
    test.each(TYPES.map((t) => [t ?? '(no application_type)', t] as const))('%s', (_label, type) => {
      const oracle = new RegExp(acceptedRedirectPattern(policy, type));
      const mismatches: string[] = [];
      for (const uri of REDIRECT_URIS) {
        const body = JSON.stringify({ redirect_uris: [uri], ...(type ? { application_type: type } : {}) });
        expect(validateBody(body).valid).toBe(true);
        const request = renderJson('dcr-request', { body, stageVariables: variables }) as { CallbackURLs: string[] };
        const twin = twinOf(uri, policy);
        const expected = oracle.test(uri) ? [uri, ...(twin ? [twin] : [])] : [''];
        if (JSON.stringify(request.CallbackURLs) !== JSON.stringify(expected)) {
          mismatches.push(`${uri}: ${JSON.stringify(request.CallbackURLs)} != ${JSON.stringify(expected)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  test('a web client never registers a private-use scheme, whatever the policy', () => {
    for (const policy of Object.values(POLICIES)) {
      expect(new RegExp(acceptedRedirectPattern(policy, 'web')).test('cursor://anysphere.cursor-mcp/oauth/callback')).toBe(false);
    }
  });
});

describe('resolveRedirectPolicy', () => {
  test('defaults: the documented hosts, all loopback hosts, the well-known schemes and reverse-DNS schemes', () => {
    expect(resolveRedirectPolicy()).toEqual(DEFAULT_REDIRECT_POLICY);
    expect(DEFAULT_REDIRECT_POLICY.httpsHosts).toEqual(DEFAULT_HTTPS_REDIRECT_HOSTS);
  });

  test('additional hosts are appended, replaced hosts replace, duplicates are dropped', () => {
    expect(resolveRedirectPolicy({ additionalHttpsHosts: ['a.example.org', 'claude.ai'] }).httpsHosts).toEqual([
      ...DEFAULT_HTTPS_REDIRECT_HOSTS,
      'a.example.org',
    ]);
    expect(resolveRedirectPolicy({ httpsHosts: ['a.example.org'] }).httpsHosts).toEqual(['a.example.org']);
  });

  test.each([
    [{ httpsHosts: ['https://claude.ai'] }, 'redirectPolicy.httpsHosts[0]'],
    [{ httpsHosts: ['Claude.AI'] }, 'redirectPolicy.httpsHosts[0]'],
    [{ additionalHttpsHosts: ['evil.example/path'] }, 'redirectPolicy.additionalHttpsHosts[0]'],
    [{ additionalHttpsHosts: ['*.example.org'] }, 'redirectPolicy.additionalHttpsHosts[0]'],
    [{ additionalHttpsHosts: ['${file("/etc/passwd")}'] }, 'redirectPolicy.additionalHttpsHosts[0]'],
    [{ privateUseSchemes: ['javascript'] }, 'redirectPolicy.privateUseSchemes[0]'],
    [{ privateUseSchemes: ['https'] }, 'redirectPolicy.privateUseSchemes[0]'],
    [{ privateUseSchemes: ['cursor:'] }, 'redirectPolicy.privateUseSchemes[0]'],
    [{ loopbackHosts: ['0.0.0.0' as never] }, 'redirectPolicy.loopbackHosts[0]'],
    [{ https: 'any' as never }, 'redirectPolicy.https'],
    [{ additionalHttpsHosts: Array.from({ length: 26 }, (_, i) => `h${i}.example.org`) }, 'redirectPolicy.additionalHttpsHosts'],
    [{ httpsHosts: [], loopbackHosts: [], privateUseSchemes: [], reverseDnsSchemes: false }, 'redirectPolicy'],
  ])('refuses %j, naming %s', (options, field) => {
    let error: unknown;
    try {
      resolveRedirectPolicy(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  test('an open policy carries a warning for synth to print; the default does not', () => {
    expect(redirectPolicyWarning(DEFAULT_REDIRECT_POLICY)).toBeUndefined();
    expect(redirectPolicyWarning(resolveRedirectPolicy({ https: 'open' }))).toMatch(/any host/);
  });

  test('stage variables: comma lists, "~" for open, "::1" for [::1], "." for reverse-DNS, "-" for empty', () => {
    expect(redirectPolicyStageVariables(DEFAULT_REDIRECT_POLICY)).toEqual({
      redirectHttpsHosts: DEFAULT_HTTPS_REDIRECT_HOSTS.join(','),
      redirectLoopbackHosts: 'localhost,127.0.0.1',
      redirectSchemes: 'cursor,vscode,vscode-insiders,.',
    });
    expect(
      redirectPolicyStageVariables(resolveRedirectPolicy({ loopbackHosts: [...LOOPBACK_HOSTS] })).redirectLoopbackHosts,
    ).toBe('localhost,127.0.0.1,::1');
    expect(redirectPolicyStageVariables(POLICIES.open).redirectHttpsHosts).toBe('~');
    expect(redirectPolicyStageVariables(POLICIES.httpsOnly)).toMatchObject({ redirectLoopbackHosts: '-', redirectSchemes: '-' });
  });
});
