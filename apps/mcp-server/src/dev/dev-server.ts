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

/** The metadata documents the dev server serves, rendered from the same `.vtl` files as API Gateway. */
export type MetadataDocument = (typeof METADATA_PATHS)[string];

/** Renders one metadata document for the dev server's base URL; see `metadata.ts`. */
export type MetadataRenderer = (doc: MetadataDocument, baseUrl: string) => Promise<string>;

/** API Gateway's own request payload limit; bigger bodies never reach the Lambda in AWS either. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Hosts the dev server may bind: it fakes authentication, so it must never listen publicly. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export interface DevServerOptions {
  /** TCP port; 0 picks a free one (tests). Default 8787. */
  readonly port?: number;
  /** Loopback address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** MCP scope of the synthetic caller and the handler. @default `DEFAULT_MCP_SCOPE` (`mcp/tools`) */
  readonly scope?: string;
  /**
   * Claims injected as if API Gateway's Cognito authorizer had verified a token. `null` sends
   * none (exercises the handler's fail-closed path). Default: {@link devLocalClaims}.
   */
  readonly claims?: Record<string, string> | null;
  /** Renders the `.well-known` documents; without one those paths answer 404. */
  readonly renderMetadata?: MetadataRenderer;
  readonly logger?: Logger;
  /** The log tools; the default synthetic caller then also holds their scope. */
  readonly logTools?: LogToolsOptions;
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

/**
 * A plain `node:http` server that turns each request into the API Gateway REST proxy event
 * the Lambda receives in AWS and runs the same handler, plus the two metadata documents.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(`dev server host must be a loopback address (${LOOPBACK_HOSTS.join(', ')}); got ${host}`);
  }
  const scope = options.scope ?? DEFAULT_MCP_SCOPE;
  const callerScopes = options.logTools ? `${scope} ${options.logTools.settings.scope}` : scope;
  let baseUrl = '';
  let handler: McpHandler | undefined;

  const server = createServer((req, res) => {
    serve(req, res).catch((error) => {
      options.logger?.error('dev server failure', { error: String(error) });
      if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, '{"error":"internal"}');
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    if (path === API_PATHS.mcp || path === `${API_PATHS.mcp}/`) {
      const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
      if (body === undefined) {
        send(res, 413, { 'content-type': 'application/json' }, '{"message":"Request Too Long"}');
        return;
      }
      // Loaded on first use: the SDK is most of the start-up cost, and listening needs none of it.
      const { createMcpHandler } = await import('../lambda/mcp-handler');
      handler ??= createMcpHandler({
        requiredScope: scope,
        resourceMetadataUrl: `${baseUrl}${API_PATHS.protectedResourceMetadata}`,
        logger: options.logger ?? new Logger('silent'),
        logTools: options.logTools,
      });
      const result = await handler(
        toProxyEvent(req, path, body, options.claims === undefined ? devLocalClaims(callerScopes, baseUrl) : options.claims),
      );
      writeResult(res, result);
      return;
    }
    // The other paths of the HTTP contract answer their preflight as API Gateway does.
    const name = contractPath(path);
    if (name && req.method === 'OPTIONS') {
      send(res, 204, lowercaseHeaders(preflightHeaders(name)), '');
      return;
    }
    const doc = METADATA_PATHS[path];
    if (doc && options.renderMetadata && (req.method === 'GET' || req.method === 'HEAD')) {
      const text = await options.renderMetadata(doc, baseUrl);
      send(
        res,
        200,
        { 'content-type': 'application/json', ...lowercaseHeaders(METADATA_RESPONSE_HEADERS) },
        req.method === 'HEAD' ? '' : text,
      );
      return;
    }
    // What API Gateway answers for a path or method it has no route for (MISSING_AUTHENTICATION_TOKEN,
    // sent as 404 with the CORS headers of every gateway response). Registration needs Cognito, so
    // POST /register ends here too.
    send(res, 404, { 'content-type': 'application/json', ...lowercaseHeaders(CORS_RESPONSE_HEADERS) }, '{"message":"Not Found"}');
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

/** The REST API proxy event (payload format 1.0) API Gateway would send for this request. */
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
