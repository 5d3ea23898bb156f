import { proxyEvent } from '@aws-log-mcp/testing/proxy-event';
import {
  API_PATHS,
  ApiPathName,
  CORS_RESPONSE_HEADERS,
  DEFAULT_MCP_SCOPE,
  lowercaseHeaders,
  METADATA_PATHS,
  METADATA_RESPONSE_HEADERS,
  preflightHeaders,
} from '@aws-log-mcp/vtl-templates/http-contract';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_LOCAL_MARKER_CLAIM } from '../lambda/identity';
import { Logger } from '../lambda/log';
import type { McpHandler } from '../lambda/mcp-handler';
import type { LogToolsOptions } from '../lambda/logs/tools';
import type { DevOAuth } from './metadata';

/** The metadata documents the dev server serves, rendered from the same `.vtl` files as API Gateway. */
export type MetadataDocument = (typeof METADATA_PATHS)[string];

/** API Gateway's own request payload limit; bigger bodies never reach the Lambda in AWS either. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Hosts the dev server may bind: it fakes authentication, so it must never listen publicly. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

/** How the REST API integrates `/mcp` with the Lambda (vtl-templates' `MCP_INTEGRATION.type`). */
export type McpIntegrationType = 'AWS' | 'AWS_PROXY';

export interface DevServerOptions {
  /** TCP port, 0-65535; 0 picks a free one (tests). @default 8787 */
  readonly port?: number;
  /** Loopback address to bind, one of {@link LOOPBACK_HOSTS}. @default '127.0.0.1' */
  readonly host?: string;
  /** MCP scope of the synthetic caller and the handler. @default `DEFAULT_MCP_SCOPE` (`mcp/tools`) */
  readonly scope?: string;
  /**
   * Claims injected as if API Gateway's Cognito authorizer had verified a token. `null` sends
   * none (exercises the handler's fail-closed path). @default {@link devLocalClaims}
   */
  readonly claims?: Record<string, string> | null;
  /** The OAuth paths (metadata, /authorize, /register). @default none: those paths answer 404 (/register 501) */
  readonly oauth?: DevOAuth;
  /** Where request and failure lines go. @default a `silent` logger */
  readonly logger?: Logger;
  /** The log tools; the default synthetic caller then also holds their scope. @default none: no log tools */
  readonly logTools?: LogToolsOptions;
  /**
   * The `/mcp` integration to reproduce. @default the deployed one, `MCP_INTEGRATION.type` of vtl-templates (`AWS`:
   * mcp-request.vtl and mcp-response.vtl around the handler). `AWS_PROXY` reproduces a Lambda proxy integration,
   * including API Gateway's renaming of reserved response headers (`WWW-Authenticate` becomes
   * `x-amzn-Remapped-WWW-Authenticate`), so a return to it would show locally.
   */
  readonly integration?: McpIntegrationType;
}

export interface RunningDevServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly baseUrl: string;
  /** `<baseUrl>/mcp`. */
  readonly mcpUrl: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The synthetic caller of the dev server. Clearly labelled (`dev-local` everywhere and the
 * marker claim) so it shows up as such in `whoami` and in logs.
 */
export function devLocalClaims(scope: string, baseUrl: string): Record<string, string> {
  return {
    sub: 'dev-local-user',
    username: 'dev-local',
    client_id: 'dev-local-client',
    token_use: 'access',
    scope,
    iss: `${baseUrl}/dev-local-synthetic-issuer`,
    [DEV_LOCAL_MARKER_CLAIM]: 'true',
  };
}

/** `localhost`, `127.0.0.1`, `[::1]`, with an optional port: the only `Host` values the dev server answers. */
const LOOPBACK_HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
/** An `Origin` a page served from this machine sends. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * The REST API as it runs locally: a plain `node:http` server that answers every path of the HTTP contract the way API
 * Gateway does, from the same templates, with the Lambda handler behind `/mcp`:
 * - `/mcp` through the deployed integration (`integration`), with the synthetic caller's claims standing in for the
 *   Cognito authorizer's;
 * - the metadata documents, `GET /authorize` and `POST /register` (against `oauth.cognitoEndpoint`, e.g. moto) from the
 *   package's templates and registration pipeline;
 * - preflights and CORS headers from the HTTP contract.
 * It fakes authentication, so it only answers requests addressed to a loopback host from a loopback page: any other
 * `Host` or `Origin` gets 403 (DNS-rebinding protection).
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(`dev server host must be a loopback address (${LOOPBACK_HOSTS.join(', ')}); got ${host}`);
  }
  const scope = options.scope ?? DEFAULT_MCP_SCOPE;
  const callerScopes = options.logTools ? `${scope} ${options.logTools.settings.scope}` : scope;
  let integration: McpIntegrationType | undefined = options.integration;
  let baseUrl = '';
  let handler: McpHandler | undefined;
  let register:
    | ((
        contentType: string | undefined,
        body: string,
      ) => Promise<{ status: number; headers: Record<string, string>; body: string }>)
    | undefined;
  const gatewayHeaders = { 'content-type': 'application/json', ...lowercaseHeaders(CORS_RESPONSE_HEADERS) };

  const server = createServer((req, res) => {
    serve(req, res).catch((error) => {
      options.logger?.error('dev server failure', { error: String(error) });
      if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, '{"message":"Internal server error"}');
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (!LOOPBACK_HOST_HEADER.test(req.headers.host ?? '') || (origin !== undefined && !LOOPBACK_ORIGIN.test(origin))) {
      send(res, 403, gatewayHeaders, '{"message":"Forbidden: the dev server answers loopback hosts and origins only"}');
      return;
    }
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const name = contractPath(path);
    if (name && req.method === 'OPTIONS') {
      send(res, 204, lowercaseHeaders(preflightHeaders(name)), '');
      return;
    }
    if (path === API_PATHS.mcp) {
      const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
      if (body === undefined) {
        send(res, 413, gatewayHeaders, '{"message":"Request Too Long"}');
        return;
      }
      // Loaded on first use: the SDK is most of the start-up cost, and listening needs none of it.
      const { createMcpHandler } = await import('../lambda/mcp-handler');
      handler ??= createMcpHandler({
        requiredScope: scope,
        resourceMetadataUrl: `${baseUrl}${API_PATHS.protectedResourceMetadata}`,
        resource: `${baseUrl}${API_PATHS.mcp}`,
        logger: options.logger ?? new Logger('silent'),
        logTools: options.logTools,
      });
      const claims = options.claims === undefined ? devLocalClaims(callerScopes, baseUrl) : options.claims;
      integration ??= (await import('@aws-log-mcp/vtl-templates/mcp-integration')).MCP_INTEGRATION.type;
      if (integration === 'AWS_PROXY') {
        const result = await handler(toProxyEvent(req, path, body, claims));
        writeResult(res, { ...result, headers: await remapped(result.headers) });
      } else {
        await viaTemplates(req, res, body, claims);
      }
      return;
    }
    if (!options.oauth) {
      if (path === API_PATHS.register && req.method === 'POST') await refuseRegistration(res);
      else notFound(res);
      return;
    }
    const doc = METADATA_PATHS[path];
    if (doc && (req.method === 'GET' || req.method === 'HEAD')) {
      const { output } = await renderMock(doc, {});
      send(
        res,
        200,
        { 'content-type': 'application/json', ...lowercaseHeaders(METADATA_RESPONSE_HEADERS) },
        req.method === 'HEAD' ? '' : output,
      );
      return;
    }
    if (path === API_PATHS.authorize && req.method === 'GET') {
      const rendered = await renderMock('authorize-redirect', Object.fromEntries(url.searchParams));
      send(
        res,
        Number(rendered.responseOverride.status ?? 302),
        {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          ...lowercaseHeaders(rendered.responseOverride.header),
        },
        rendered.output,
      );
      return;
    }
    if (path === API_PATHS.register && req.method === 'POST') {
      if (!options.oauth.cognitoEndpoint) {
        await refuseRegistration(res);
        return;
      }
      const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
      if (body === undefined) {
        send(res, 413, gatewayHeaders, '{"message":"Request Too Long"}');
        return;
      }
      if (!register) {
        const { registrationPipeline, cognitoHttpBackend } = await import('@aws-log-mcp/vtl-templates/emulator');
        const variables = await options.oauth.stageVariables(baseUrl);
        register = registrationPipeline({
          stageVariables: () => variables,
          backend: cognitoHttpBackend(options.oauth.cognitoEndpoint),
        });
      }
      const answer = await register(req.headers['content-type'], body.toString('utf8'));
      send(res, answer.status, lowercaseHeaders(answer.headers), answer.body);
      return;
    }
    notFound(res);
  }

  /** What API Gateway answers for a path or method it has no route for (MISSING_AUTHENTICATION_TOKEN, sent as 404). */
  function notFound(res: ServerResponse): void {
    send(res, 404, gatewayHeaders, '{"message":"Not Found"}');
  }

  async function refuseRegistration(res: ServerResponse): Promise<void> {
    send(
      res,
      501,
      { 'content-type': 'application/json', ...lowercaseHeaders(CORS_RESPONSE_HEADERS), 'cache-control': 'no-store' },
      JSON.stringify({
        error: 'temporarily_unavailable',
        error_description:
          'Dynamic Client Registration needs Cognito: start the dev server with --cognito-endpoint (e.g. moto_server) and --user-pool-id',
      }),
    );
  }

  /** A Mock integration's response template with the dev stage variables and the request's query string. */
  async function renderMock(template: 'authorize-redirect' | MetadataDocument, query: Record<string, string>) {
    const { readTemplate } = await import('@aws-log-mcp/vtl-templates');
    const { renderMappingTemplate } = await import('@aws-log-mcp/vtl-templates/emulator');
    const stageVariables = await options.oauth!.stageVariables(baseUrl);
    return renderMappingTemplate(readTemplate(template), {
      body: '{"statusCode": 200}',
      stageVariables,
      params: { querystring: query },
    });
  }

  /**
   * The deployed non-proxy integration: passthrough NEVER (a Content-Type without a template gets 415 from the
   * gateway), mcp-request.vtl builds the event from the method request and the authorizer's claims, the handler runs,
   * mcp-response.vtl sets status, headers and body from its result.
   */
  async function viaTemplates(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    claims: Record<string, string> | null,
  ): Promise<void> {
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
      send(res, 415, gatewayHeaders, '{"message":"Unsupported Media Type"}');
      return;
    }
    const { readTemplate } = await import('@aws-log-mcp/vtl-templates');
    const { renderMappingTemplate } = await import('@aws-log-mcp/vtl-templates/emulator');
    const header: Record<string, string> = {};
    // $input.params().header holds one value per name, the last one sent.
    for (let i = 0; i < req.rawHeaders.length; i += 2) header[req.rawHeaders[i]] = req.rawHeaders[i + 1];
    const event = JSON.parse(
      renderMappingTemplate(readTemplate('mcp-request'), {
        body: body.toString('utf8'),
        params: { header },
        context: {
          requestId: randomUUID(),
          resourcePath: API_PATHS.mcp,
          httpMethod: req.method ?? 'GET',
          domainName: req.headers.host ?? '127.0.0.1',
          ...(claims ? { authorizer: { claims } } : {}),
        },
      }).output,
    ) as APIGatewayProxyEvent;
    const result = await handler!(event);
    const rendered = renderMappingTemplate(readTemplate('mcp-response'), { body: JSON.stringify(result) });
    send(
      res,
      Number(rendered.responseOverride.status ?? 200),
      { 'content-type': 'application/json', ...lowercaseHeaders(rendered.responseOverride.header) },
      rendered.output,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostInUrl}:${address.port}`;

  return {
    baseUrl,
    mcpUrl: `${baseUrl}/mcp`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function remapped(headers: APIGatewayProxyResult['headers']): Promise<Record<string, string>> {
  const { proxyIntegrationResponseHeaders } = await import('@aws-log-mcp/vtl-templates/mcp-integration');
  return proxyIntegrationResponseHeaders(Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)])));
}

function contractPath(path: string): ApiPathName | undefined {
  return (Object.keys(API_PATHS) as ApiPathName[]).find((k) => API_PATHS[k] === path);
}

/** Reads the body, giving up (undefined) past `limit` bytes so a huge upload cannot exhaust memory. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The REST API proxy event (payload format 1.0) a Lambda proxy integration would send for this request. */
function toProxyEvent(
  req: IncomingMessage,
  path: string,
  body: Buffer,
  claims: Record<string, string> | null,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return proxyEvent({
    method: req.method ?? 'GET',
    path,
    headers,
    multiValueHeaders,
    query: Object.fromEntries(url.searchParams),
    // Base64 keeps arbitrary bytes intact, as API Gateway does for binary media types.
    body,
    base64: true,
    claims,
    requestId: randomUUID(),
    domainName: req.headers.host ?? '127.0.0.1',
    stage: 'dev-local',
  });
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  send(res, result.statusCode, headers, body);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
