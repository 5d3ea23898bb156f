import { selectClientAuthMethod } from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthClientInformationFullSchema, OAuthMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { describeWithEngines, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RunningDevServer, startDevServer } from '../../src/dev/dev-server';
import { DevOAuth, devOAuth } from '../../src/dev/metadata';
import { readTemplate } from '@aws-log-mcp/vtl-templates';
import { renderMappingTemplate } from '@aws-log-mcp/vtl-templates/emulator';
import { resolveRedirectPolicy } from '@aws-log-mcp/vtl-templates/redirect-policy';

/**
 * The interop matrix: what well-known MCP clients send (packages/vtl-templates/fixtures/mcp-clients.json), run through
 * the dev server's POST /register (the REST API's validator, dcr-request.vtl and dcr-response.vtl) against moto's
 * Cognito, then through GET /authorize (authorize-redirect.vtl), with the resulting Cognito authorization request
 * checked against Cognito's documented rules for the client Cognito now holds, and the client's token request checked
 * against the token endpoint's documented rules. The README's matrix table is the summary of this file.
 */

interface AuthorizeAttempt {
  label?: string;
  redirect_uri: string;
  scope?: string;
  resource: boolean;
  expect: 'accepted' | 'redirect_mismatch';
  workaround?: string;
}
interface ClientFixture {
  id: string;
  client: string;
  selfHosted?: string;
  /** Another build of a client already in the list. */
  variantOf?: string;
  registration: Record<string, unknown> & { redirect_uris: string[] };
  authorize: AuthorizeAttempt[];
  token: { auth: 'none' | 'client_secret_post' | 'client_secret_basic' | 'from-registration-response'; resource: boolean };
}

const FIXTURES = require.resolve('@aws-log-mcp/vtl-templates/fixtures/mcp-clients.json');
const WEBUI = 'webui.example.org';
const fill = (text: string) => text.replaceAll('{webui}', WEBUI);
const CLIENTS: ClientFixture[] = (JSON.parse(fill(readFileSync(FIXTURES, 'utf8'))) as { clients: ClientFixture[] }).clients;
const COGNITO_DOMAIN = 'https://aws-log-mcp-test.auth.eu-west-1.amazoncognito.com';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
/** Scopes Cognito defines itself; a client may request them when they are among its AllowedOAuthScopes. */
const COGNITO_RESERVED_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

/** Cognito's documented callback URL rule: https, a custom scheme for native apps, or http on localhost for testing. */
function callbackUrlAllowed(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  if (u.protocol === 'http:') return u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  return /^[a-z][a-z0-9+.-]*:$/.test(u.protocol);
}

describeWithEngines(
  'interop matrix: MCP clients through /register, /authorize and the token rules on moto Cognito',
  [MOTO_SERVER],
  () => {
    let moto: MotoServer;
    let userPoolId = '';
    let dev: RunningDevServer; // default redirect policy
    let selfHosting: RunningDevServer; // registration.redirectPolicy.additionalHttpsHosts: [WEBUI]
    let resourceServers: string[] = [];
    let oauths: DevOAuth[] = [];
    const oauthOf = (server: RunningDevServer) => (server === dev ? oauths[0] : oauths[1]);

    const cognito = async <T>(operation: string, body: unknown): Promise<T> => {
      const res = await fetch(moto.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
          authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${operation}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };

    beforeAll(async () => {
      moto = await startMoto();
      userPoolId = (await cognito<{ UserPool: { Id: string } }>('CreateUserPool', { PoolName: 'mcp' })).UserPool.Id;
      await cognito('CreateResourceServer', {
        UserPoolId: userPoolId,
        Identifier: 'mcp',
        Name: 'mcp',
        Scopes: [{ ScopeName: 'tools', ScopeDescription: 'MCP tools' }],
      });
      const oauth = (additionalHttpsHosts: string[]) =>
        devOAuth({
          cognitoDomainUrl: COGNITO_DOMAIN,
          cognitoEndpoint: moto.endpoint,
          userPoolId,
          scopes: ['mcp/tools'],
          redirectPolicy: resolveRedirectPolicy({ additionalHttpsHosts }),
        });
      oauths = [oauth([]), oauth([WEBUI])];
      dev = await startDevServer({ port: 0, oauth: oauths[0] });
      selfHosting = await startDevServer({ port: 0, oauth: oauths[1] });
      // What the stack's bindResource() creates: a resource server named by the MCP endpoint URL, without scopes.
      for (const server of [dev, selfHosting]) {
        await cognito('CreateResourceServer', { UserPoolId: userPoolId, Identifier: server.mcpUrl, Name: 'mcp-resource' });
      }
      resourceServers = (
        await cognito<{ ResourceServers: { Identifier: string }[] }>('ListResourceServers', {
          UserPoolId: userPoolId,
          MaxResults: 50,
        })
      ).ResourceServers.map((r) => r.Identifier);
    }, 60_000);

    afterAll(async () => {
      await dev?.close();
      await selfHosting?.close();
      await moto?.stop();
    });

    const register = (server: RunningDevServer, body: unknown) =>
      fetch(`${server.baseUrl}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('covers at least ten clients', () => {
      expect(CLIENTS.filter((c) => !c.variantOf).length).toBeGreaterThanOrEqual(10);
    });

    describe.each(CLIENTS.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      let registered: ReturnType<typeof OAuthClientInformationFullSchema.parse>;
      let stored: Record<string, unknown> & { CallbackURLs: string[]; AllowedOAuthScopes: string[]; ClientSecret?: string };
      const server = () => (c.selfHosted ? selfHosting : dev);

      if (c.selfHosted) {
        it('is refused under the default policy (self-hosted host not on the allow-list): 400 invalid_redirect_uri', async () => {
          const res = await register(dev, c.registration);
          expect(res.status).toBe(400);
          expect(((await res.json()) as { error: string }).error).toBe('invalid_redirect_uri');
        });
      }

      it('registers: 201, a response every SDK parses, and Cognito holds the acceptable redirect URIs', async () => {
        const res = await register(server(), c.registration);
        const body = (await res.json()) as Record<string, unknown>;
        expect(res.status).toBe(201);
        registered = OAuthClientInformationFullSchema.parse(body);
        // The MCP Python SDK (and Open WebUI on it) parse only these two in a registration response.
        expect(['none', 'client_secret_post']).toContain(registered.token_endpoint_auth_method);
        const wantsSecret = c.registration.token_endpoint_auth_method !== 'none';
        expect(registered.client_secret !== undefined).toBe(wantsSecret);

        stored = (
          await cognito<{ UserPoolClient: typeof stored }>('DescribeUserPoolClient', {
            UserPoolId: userPoolId,
            ClientId: registered.client_id,
          })
        ).UserPoolClient;
        expect(stored.CallbackURLs).toEqual(registered.redirect_uris);
        expect(stored.AllowedOAuthFlows).toEqual(['code']);
        expect(stored.AllowedOAuthFlowsUserPoolClient).toBe(true);
        expect(stored.AllowedOAuthScopes).toEqual(['mcp/tools']);
        expect(stored.ClientSecret !== undefined).toBe(wantsSecret);
        // Refresh token rotation is on for every registered client (the default on Essentials and Plus). moto's
        // DescribeUserPoolClient does not echo it, so the request dcr-request.vtl sent is rendered again.
        const sent = JSON.parse(
          renderMappingTemplate(readTemplate('dcr-request'), {
            body: JSON.stringify(c.registration),
            stageVariables: await oauthOf(server()).stageVariables(server().baseUrl),
          }).output,
        ) as Record<string, unknown>;
        expect(sent.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 60 });
        expect(sent.ExplicitAuthFlows).toEqual([]);
        for (const url of stored.CallbackURLs) expect(callbackUrlAllowed(url)).toBe(true);
        // Every requested URI is either registered or was outside the policy (the subset; see README).
        const web = c.registration.application_type === 'web';
        for (const uri of c.registration.redirect_uris) {
          const privateUse = !/^https?:/.test(uri);
          expect(stored.CallbackURLs.includes(uri)).toBe(!(web && privateUse));
        }
      });

      it.each(c.authorize.map((a) => [a.label ?? a.redirect_uri, a] as const))(
        'authorization request (%s) -> the Cognito request its documented rules %s',
        async (_label, a) => {
          const resource = `${server().mcpUrl}`;
          const query = new URLSearchParams({
            response_type: 'code',
            client_id: registered.client_id,
            redirect_uri: a.redirect_uri,
            state: 'st4te',
            code_challenge: CHALLENGE,
            code_challenge_method: 'S256',
            ...(a.scope ? { scope: a.scope } : {}),
            ...(a.resource ? { resource } : {}),
          });
          const res = await fetch(`${server().baseUrl}/authorize?${query}`, { redirect: 'manual' });
          expect(res.status).toBe(302);
          const to = new URL(res.headers.get('location')!);
          expect(`${to.origin}${to.pathname}`).toBe(`${COGNITO_DOMAIN}/oauth2/authorize`);
          const p = to.searchParams;
          // Cognito's authorize endpoint: response_type code among the client's flows, a known client, PKCE S256 with a
          // 43-128 character challenge, scopes among the client's allowed scopes, resource naming a resource server.
          expect(p.get('response_type')).toBe('code');
          expect(p.get('client_id')).toBe(registered.client_id);
          expect(p.get('code_challenge_method')).toBe('S256');
          expect(p.get('code_challenge')).toBe(CHALLENGE);
          expect(p.get('state')).toBe('st4te');
          for (const s of (p.get('scope') ?? '').split(' ').filter(Boolean)) {
            expect(stored.AllowedOAuthScopes.includes(s) || COGNITO_RESERVED_SCOPES.includes(s)).toBe(true);
          }
          if (a.resource) expect(resourceServers).toContain(p.get('resource'));
          else expect(p.has('resource')).toBe(false);
          // redirect_uri must be one of the client's callback URLs, character for character (no loopback port leeway).
          const redirect = p.get('redirect_uri')!;
          expect(redirect).toBe(a.redirect_uri);
          expect(stored.CallbackURLs.includes(redirect) ? 'accepted' : 'redirect_mismatch').toBe(a.expect);
        },
      );

      it('token request: the method the client will use is one Cognito accepts for this client', async () => {
        const metadata = OAuthMetadataSchema.parse(
          await (await fetch(`${server().baseUrl}/.well-known/oauth-authorization-server`)).json(),
        );
        const method =
          c.token.auth === 'from-registration-response'
            ? selectClientAuthMethod(registered, metadata.token_endpoint_auth_methods_supported ?? [])
            : c.token.auth;
        expect(metadata.token_endpoint_auth_methods_supported).toContain(method);
        // Cognito's token endpoint: a client with a secret authenticates with client_secret_basic or client_secret_post;
        // a public client sends client_id only (and its code_verifier).
        if (stored.ClientSecret) expect(['client_secret_basic', 'client_secret_post']).toContain(method);
        else expect(method).toBe('none');
        expect(metadata.token_endpoint).toBe(`${COGNITO_DOMAIN}/oauth2/token`);
        // The code redemption the client sends; redirect_uri equals the authorization request's, as Cognito requires.
        const form = new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'code-from-callback',
          redirect_uri: c.authorize[0].redirect_uri,
          code_verifier: VERIFIER,
          client_id: registered.client_id,
          ...(method === 'client_secret_post' ? { client_secret: registered.client_secret! } : {}),
          ...(c.token.resource ? { resource: server().mcpUrl } : {}),
        });
        expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
        expect(stored.CallbackURLs).toContain(form.get('redirect_uri'));
      });
    });

    it('the README matrix has a row for every client', () => {
      const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
      for (const c of CLIENTS) expect(readme).toContain(`| ${c.client} |`);
    });
  },
);
