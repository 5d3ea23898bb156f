import { Template } from '@aws-log-mcp/testing';
import {
  API_METHODS,
  API_PATHS,
  ApiPathName,
  CORS_RESPONSE_HEADERS,
  lowercaseHeaders,
  METADATA_RESPONSE_HEADERS,
  preflightHeaders,
  REGISTRATION_RESPONSE_HEADERS,
} from '@aws-log-mcp/vtl-templates/http-contract';
import { Testing } from 'cdktf';
import { RunningDevServer, startDevServer } from '../src/dev/dev-server';
import { devOAuth } from '../src/dev/metadata';
import { McpServerStack } from '../src/stack';
import { environment } from './infra/helpers';

/**
 * The HTTP contract (vtl-templates' http-contract module) is what the REST API deploys and what
 * the dev server and the Lambda answer locally. For every path and method of the contract the
 * deployed answer (status and static headers, read from the synthesized stack) and the local one
 * (an HTTP request to the dev server) must agree.
 */
interface Answer {
  status: number;
  headers: Record<string, string>;
}

const unquote = (v: string) => v.replace(/^'(.*)'$/, '$1');

/** Deployed answers of the Mock and AWS integrations: `<METHOD> <path>` -> first integration response. */
function deployedAnswers(t: Template): Map<string, Answer> {
  const api = `\${${Object.keys(t.resources('aws_api_gateway_rest_api')).map((n) => `aws_api_gateway_rest_api.${n}`)[0]}.root_resource_id}`;
  const resources = t.resources('aws_api_gateway_resource');
  const pathOf = (ref: string): string => {
    if (ref === api) return '';
    const name = /aws_api_gateway_resource\.([^.]+)\.id/.exec(ref)![1];
    return `${pathOf(String(resources[name].parent_id))}/${resources[name].path_part}`;
  };
  const answers = new Map<string, Answer>();
  const responses = t
    .resourceList('aws_api_gateway_integration_response')
    .sort((a, b) => Number(a.status_code) - Number(b.status_code));
  for (const r of responses) {
    const key = `${r.http_method} ${pathOf(String(r.resource_id))}`;
    if (answers.has(key)) continue; // the lowest status: 201 for registration, the only one otherwise
    const headers = Object.fromEntries(
      Object.entries((r.response_parameters ?? {}) as Record<string, string>).map(([k, v]) => [
        k.replace('method.response.header.', '').toLowerCase(),
        unquote(v),
      ]),
    );
    answers.set(key, { status: Number(r.status_code), headers });
  }
  return answers;
}

/** What a gateway response of `type` sends: status and static headers. */
function gatewayResponse(t: Template, type: string): Answer {
  const [, r] = t.find('aws_api_gateway_gateway_response', (g) => g.response_type === type);
  const headers = Object.fromEntries(
    Object.entries(r.response_parameters as Record<string, string>).map(([k, v]) => [
      k.replace('gatewayresponse.header.', '').toLowerCase(),
      unquote(v),
    ]),
  );
  return { status: Number(r.status_code), headers };
}

describe('the HTTP contract: deployed and local answers agree for every path', () => {
  const t = Template.synth(new McpServerStack(Testing.app(), { config: environment() }));
  const deployed = deployedAnswers(t);
  let dev: RunningDevServer;
  let unauthenticated: RunningDevServer;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, oauth: devOAuth() });
    unauthenticated = await startDevServer({ port: 0, claims: null });
  });
  afterAll(async () => {
    await dev?.close();
    await unauthenticated?.close();
  });

  async function local(server: RunningDevServer, method: string, path: string): Promise<Answer> {
    const body = method === 'POST' ? '{"jsonrpc":"2.0","id":1,"method":"ping"}' : undefined;
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body,
    });
    await res.arrayBuffer();
    // forEach, not iteration: @cdktf/hcl2json's types pull in lib.dom, whose Headers is not iterable without dom.iterable.
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    return { status: res.status, headers };
  }

  /** `actual`'s values of the header names `expected` has. */
  const pick = (actual: Record<string, string>, expected: Record<string, string>) =>
    Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));

  const paths = Object.keys(API_PATHS) as ApiPathName[];

  it.each(paths)('preflight (OPTIONS) of %s', async (name) => {
    const want = deployed.get(`OPTIONS ${API_PATHS[name]}`)!;
    expect(want).toEqual({ status: 204, headers: lowercaseHeaders(preflightHeaders(name)) });
    const got = await local(dev, 'OPTIONS', API_PATHS[name]);
    expect({ status: got.status, headers: pick(got.headers, want.headers) }).toEqual(want);
  });

  it('the authorization endpoint (GET /authorize): a 302 to Cognito, never cached', async () => {
    expect(deployed.get(`GET ${API_PATHS.authorize}`)).toEqual({ status: 302, headers: { 'cache-control': 'no-store' } });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'abc123',
      redirect_uri: 'http://127.0.0.1:33418/',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      scope: 'mcp/tools offline_access',
    });
    const res = await fetch(`${dev.baseUrl}${API_PATHS.authorize}?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://dev-local-placeholder.auth.invalid/oauth2/authorize');
    expect(location.searchParams.get('scope')).toBe('mcp/tools');
  });

  it.each(paths.filter((p) => API_METHODS[p].includes('GET') && p !== 'mcp' && p !== 'authorize'))(
    'metadata document (GET) of %s',
    async (name) => {
      const want = deployed.get(`GET ${API_PATHS[name]}`)!;
      expect(want).toEqual({ status: 200, headers: lowercaseHeaders(METADATA_RESPONSE_HEADERS) });
      const got = await local(dev, 'GET', API_PATHS[name]);
      expect({ status: got.status, headers: pick(got.headers, want.headers) }).toEqual(want);
    },
  );

  it('registration (POST /register) sends the registration headers deployed; without Cognito the dev server says 501', async () => {
    expect(deployed.get(`POST ${API_PATHS.register}`)).toEqual({
      status: 201,
      headers: lowercaseHeaders(REGISTRATION_RESPONSE_HEADERS),
    });
    // Registration needs Cognito (moto's, locally; see test/dev/registration.moto.test.ts): without one, a clear 501.
    const res = await fetch(`${dev.baseUrl}${API_PATHS.register}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"redirect_uris":["http://localhost/cb"]}',
    });
    expect(res.status).toBe(501);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/--cognito-endpoint/);
  });

  it("the MCP endpoint without a token: the same status and CORS headers as the gateway's UNAUTHORIZED answer", async () => {
    const want = gatewayResponse(t, 'UNAUTHORIZED');
    const cors = lowercaseHeaders(CORS_RESPONSE_HEADERS);
    expect(pick(want.headers, cors)).toEqual(cors);
    for (const method of API_METHODS.mcp) {
      const got = await local(unauthenticated, method, API_PATHS.mcp);
      expect([method, got.status, pick(got.headers, cors)]).toEqual([method, want.status, cors]);
      expect(got.headers['www-authenticate']).toMatch(
        /^Bearer resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource"/,
      );
    }
  });

  it("the MCP endpoint with a token: the Lambda's answer carries the contract's CORS headers", async () => {
    const got = await local(dev, 'POST', API_PATHS.mcp);
    expect(got.status).toBe(200);
    expect(pick(got.headers, lowercaseHeaders(CORS_RESPONSE_HEADERS))).toEqual(lowercaseHeaders(CORS_RESPONSE_HEADERS));
  });

  it('an unknown path: 404 with the CORS headers of every gateway response', async () => {
    const want = gatewayResponse(t, 'MISSING_AUTHENTICATION_TOKEN');
    expect(want).toEqual({ status: 404, headers: lowercaseHeaders(CORS_RESPONSE_HEADERS) });
    const got = await local(dev, 'GET', '/.well-known/openid-configuration');
    expect({ status: got.status, headers: pick(got.headers, want.headers) }).toEqual(want);
  });

  it('deploys exactly the contract: every path, its methods and the preflight, and nothing else', () => {
    const methods = t.resourceList('aws_api_gateway_method').map((m) => m.http_method as string);
    const expected = paths.flatMap((p) => [...API_METHODS[p], 'OPTIONS']);
    expect(methods.sort()).toEqual(expected.sort());
    expect(
      t
        .resourceList('aws_apigatewayv2_route')
        .map((r) => r.route_key)
        .sort(),
    ).toEqual(
      Object.values(API_PATHS)
        .map((p) => `ANY ${p}`)
        .sort(),
    );
  });
});
