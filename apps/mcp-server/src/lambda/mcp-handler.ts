import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import {
  InitializeRequestSchema,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  type JSONRPCMessage,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaType, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CORS_RESPONSE_HEADERS, lowercaseHeaders, preflightHeaders } from '@aws-log-mcp/vtl-templates/http-contract';
import { normalizeEvent, NormalizedRequest } from './event-adapter';
import { ExchangeResult, JsonExchangeTransport } from './json-exchange-transport';
import { authenticate, bearerChallenge, CallerIdentity } from './identity';
import { describeError, Logger } from './log';
import { registerTools, TOOL_NAMES } from './tools';
import { LOG_TOOL_NAMES, LogToolsOptions, registerLogTools } from './logs/tools';
import { LISTING_ONLY_CALLER, PRECOMPUTED_STATIC_TOOL_LIST, sdkToolList, staticToolList } from './tool-list';

/** Name and version the server reports in `initialize`. */
export const SERVER_INFO = { name: 'aws-log-mcp-server', version: '0.1.0' } as const;

/** Default cap on a request body. MCP requests to these tools are a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

// The SDK's Server builds a new Ajv instance (with all formats) per construction unless given
// one; a server is constructed per request here, so one validator is shared per container. The
// SDK uses it only to check elicitation answers, which this server never requests, so Ajv is
// built on the first schema it is asked for, not on the first request.
let ajv: AjvJsonSchemaValidator | undefined;
const jsonSchemaValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType) {
    return (ajv ??= new AjvJsonSchemaValidator()).getValidator<T>(schema);
  },
};

/** JSON-RPC codes used outside the SDK (the SDK uses -32000 for transport-level refusals). */
const RPC = { parseError: -32700, invalidRequest: -32600, invalidParams: -32602, internalError: -32603, transport: -32000 };

export interface McpHandlerOptions {
  /** The MCP scope the token must carry, e.g. `mcp/tools` (the HTTP contract's `DEFAULT_MCP_SCOPE`). */
  readonly requiredScope: string;
  /** `<public base URL>/.well-known/oauth-protected-resource`, advertised in 401/403 challenges. */
  readonly resourceMetadataUrl?: string;
  /** Expected `iss` claim; unchecked when absent. */
  readonly issuer?: string;
  /** This server's RFC 8707 resource (the MCP endpoint URL): a token with `aud` must name it. Unchecked when absent. */
  readonly resource?: string;
  /** `Access-Control-Allow-Origin` on responses (default `*`: tokens travel in a header, never in cookies). */
  readonly allowedOrigin?: string;
  /** Largest accepted body in bytes (default {@link DEFAULT_MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number;
  readonly logger?: Logger;
  /** The log tools; absent: not registered, and their scope does not admit a token. */
  readonly logTools?: LogToolsOptions;
}

export type McpHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * Builds the Lambda handler: API Gateway REST proxy event in, proxy result out. Each request
 * gets a fresh stateless `McpServer` + web-standard Streamable HTTP transport with JSON
 * responses (no SSE: API Gateway REST buffers responses and Lambda has no long-lived stream).
 * Every failure becomes a JSON-RPC error body with the matching HTTP status; stack traces go
 * to the log only.
 */
export function createMcpHandler(options: McpHandlerOptions): McpHandler {
  const logger = options.logger ?? new Logger();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // The HTTP contract's headers, lowercase as the Fetch API and Node write them.
  const origin: Record<string, string> = options.allowedOrigin ? { 'access-control-allow-origin': options.allowedOrigin } : {};
  const cors: Record<string, string> = { ...lowercaseHeaders(CORS_RESPONSE_HEADERS), ...origin };
  const preflight: Record<string, string> = { ...lowercaseHeaders(preflightHeaders('mcp')), ...origin };
  const knownTools: ReadonlySet<string> = new Set([...TOOL_NAMES, ...(options.logTools ? LOG_TOOL_NAMES : [])]);
  const logTools: ReadonlySet<string> = new Set(options.logTools ? LOG_TOOL_NAMES : []);
  const acceptedScopes = options.logTools ? [options.logTools.settings.scope] : [];
  const serverScopes = [options.requiredScope, ...acceptedScopes];
  // The tools/list result of this configuration, computed once (see tool-list.ts); a failed
  // computation is not kept, so the next list tries again.
  let toolList: Promise<readonly Tool[]> | undefined;
  const listTools = () =>
    (toolList ??= computeToolList(options.logTools).catch((error: unknown) => {
      toolList = undefined;
      throw error;
    }));

  const reply = (
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    base: Record<string, string> = cors,
  ): APIGatewayProxyResult => ({
    statusCode: status,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...base, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    isBase64Encoded: false,
  });
  const rpcError = (status: number, code: number, message: string, id: unknown = null, headers?: Record<string, string>) =>
    reply(status, { jsonrpc: '2.0', error: { code, message }, id }, headers);

  return async (event) => {
    const started = performance.now();
    let log = logger;
    let result: APIGatewayProxyResult | undefined;
    const fields: Record<string, unknown> = {};
    try {
      const req = normalizeEvent(event);
      log = logger.child({ requestId: req.requestId });
      fields.httpMethod = req.method;

      if (req.method === 'OPTIONS') {
        // Preflight is answered by API Gateway in AWS (the same contract headers); this path
        // serves the local dev server.
        result = reply(204, undefined, {}, preflight);
        return result;
      }

      const auth = authenticate(req.claims, {
        requiredScope: options.requiredScope,
        acceptedScopes,
        issuer: options.issuer,
        resource: options.resource,
      });
      if (!auth.ok) {
        fields.authFailure = auth.reason;
        const challenge = bearerChallenge({
          resourceMetadataUrl: options.resourceMetadataUrl,
          error: auth.error,
          scope: options.requiredScope,
        });
        result = rpcError(
          auth.status,
          RPC.transport,
          auth.status === 401 ? 'Unauthorized' : 'Forbidden: insufficient scope',
          null,
          {
            'www-authenticate': challenge,
          },
        );
        return result;
      }
      fields.sub = auth.identity.sub;
      fields.clientId = auth.identity.clientId;

      if (req.method !== 'POST') {
        // Stateless and JSON-only: no standalone SSE stream (GET) and no session to end (DELETE).
        // 405 is the answer the Streamable HTTP spec prescribes for both.
        result = rpcError(
          405,
          RPC.transport,
          'Method not allowed: this server is stateless; send JSON-RPC requests with POST',
          null,
          {
            allow: 'POST',
          },
        );
        return result;
      }
      if (req.bodyBytes > maxBodyBytes) {
        result = rpcError(413, RPC.transport, `Payload too large: the limit is ${maxBodyBytes} bytes`);
        return result;
      }
      const contentType = req.headers.get('content-type');
      if (!isJsonMediaType(contentType)) {
        result = rpcError(415, RPC.transport, 'Unsupported Media Type: Content-Type must be application/json');
        return result;
      }
      if (!isUtf8(contentType)) {
        // JSON is UTF-8 (RFC 8259 §8.1) and the body is decoded as such; another charset would be misread.
        result = rpcError(415, RPC.transport, 'Unsupported Media Type: the only charset accepted is utf-8');
        return result;
      }
      if (!acceptsJson(req.headers.get('accept'))) {
        result = rpcError(
          406,
          RPC.transport,
          'Not Acceptable: this server answers application/json, which the Accept header excludes',
        );
        return result;
      }
      let message: unknown;
      try {
        message = JSON.parse(req.body ?? '');
      } catch {
        result = rpcError(400, RPC.parseError, 'Parse error: Invalid JSON');
        return result;
      }
      if (Array.isArray(message)) {
        // Batching was removed from MCP in protocol 2025-06-18; one message per request also
        // keeps each invocation's cost and logs bounded.
        result = rpcError(400, RPC.invalidRequest, 'Invalid Request: JSON-RPC batches are not supported');
        return result;
      }
      if (!message || typeof message !== 'object') {
        result = rpcError(400, RPC.invalidRequest, 'Invalid Request: expected a JSON-RPC message object');
        return result;
      }
      const msg = message as { id?: unknown; method?: unknown; params?: unknown };
      const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
      fields.rpcMethod = typeof msg.method === 'string' ? msg.method.slice(0, 64) : undefined;
      // Valid JSON that is not a JSON-RPC 2.0 message (wrong jsonrpc, no method, an id that is an object, params that
      // are not an object...) is an invalid request object (JSON-RPC 2.0 §5.1: -32600), not a parse error.
      const parsed = JSONRPCMessageSchema.safeParse(message);
      if (!parsed.success) {
        result = rpcError(400, RPC.invalidRequest, 'Invalid Request: not a JSON-RPC 2.0 request, notification or response', id);
        return result;
      }
      if (msg.method === 'initialize' && !InitializeRequestSchema.safeParse(message).success) {
        result = rpcError(
          200,
          RPC.invalidParams,
          'Invalid params: initialize needs protocolVersion (string), capabilities (object) and clientInfo (name and version strings)',
          id,
        );
        return result;
      }
      if (msg.method === 'tools/call' && (typeof msg.id === 'string' || typeof msg.id === 'number')) {
        const invalid = checkToolCallParams(msg.params, knownTools);
        if (typeof invalid === 'string') {
          result = rpcError(200, RPC.invalidParams, invalid, msg.id);
          return result;
        }
        fields.tool = invalid.name;
        const logScope = options.logTools?.settings.scope;
        if (logScope && logTools.has(invalid.name) && !auth.identity.scopes.includes(logScope)) {
          // Scope step-up (MCP authorization, "scope challenge"): a 403 the client can act on, naming every scope
          // this token needs, so that it re-authorizes with them instead of reading a tool error.
          const scope = serverScopes.filter((sc) => sc === logScope || auth.identity.scopes.includes(sc)).join(' ');
          fields.authFailure = `token lacks scope ${logScope}`;
          result = rpcError(403, RPC.transport, `Forbidden: the tool ${invalid.name} needs the scope ${logScope}`, msg.id, {
            'www-authenticate': bearerChallenge({
              resourceMetadataUrl: options.resourceMetadataUrl,
              error: 'insufficient_scope',
              scope,
            }),
          });
          return result;
        }
      }

      const answer = await dispatch(req, parsed.data, auth.identity, log, listTools, options.logTools);
      result = reply(answer.status, answer.body);
      return result;
    } catch (error) {
      log.error('unhandled error', { error: describeError(error) });
      result = rpcError(500, RPC.internalError, 'Internal error');
      return result;
    } finally {
      log.info('request', {
        ...fields,
        status: result?.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  };
}

/**
 * Answers one validated JSON-RPC message with a fresh stateless `McpServer` on a
 * {@link JsonExchangeTransport}: the status and JSON body of the HTTP response.
 */
async function dispatch(
  req: NormalizedRequest,
  message: JSONRPCMessage,
  identity: CallerIdentity,
  log: Logger,
  listTools: () => Promise<readonly Tool[]>,
  logTools?: LogToolsOptions,
): Promise<ExchangeResult> {
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} }, jsonSchemaValidator });
  registerTools(server, identity);
  if (logTools) registerLogTools(server, identity, logTools);
  // Replaces the SDK's tools/list handler (which converts every zod schema on each list) by the
  // list the SDK produced once for these same tools; tools/call stays the SDK's, validating with zod.
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...(await listTools())] }));
  // The SDK advertises tools.listChanged when tools are registered; a stateless server can never send that
  // notification (nothing stays connected), so the capability is withdrawn (undefined drops it from the JSON).
  server.server.registerCapabilities({ tools: { listChanged: undefined } });
  const transport = new JsonExchangeTransport();
  transport.onerror = (error) => log.warn('transport rejected request', { error: error.message });
  await server.connect(transport);
  try {
    // The MCP spec has clients list both application/json and text/event-stream. This server only ever answers
    // JSON, so any Accept that admits JSON (none at all, */*, application/*, application/json) is good enough (one that
    // excludes it got 406 above); handlers see it in the form the SDK's HTTP transport requires.
    const headers = { ...req.headers.toObject(), accept: 'application/json, text/event-stream' };
    return await transport.exchange(message, { headers, url: req.url }, req.headers.get('mcp-protocol-version'));
  } finally {
    await server.close();
  }
}

/**
 * The tools/list result for a configuration: the tools every configuration has (computed at
 * build time in the bundle), then the log tools when configured, each list as the SDK makes it.
 * The order is the registration order, as the SDK lists them.
 */
async function computeToolList(logTools?: LogToolsOptions): Promise<readonly Tool[]> {
  const always = PRECOMPUTED_STATIC_TOOL_LIST ?? (await staticToolList());
  if (!logTools) return always;
  return [...always, ...(await sdkToolList((server) => registerLogTools(server, LISTING_ONLY_CALLER, logTools)))];
}

/**
 * Protocol-level checks of a `tools/call` request, answered with -32602 as the MCP spec asks.
 * The SDK would report an unknown tool as a tool result with `isError`, and malformed params
 * as -32603 with the zod issue list, so they are settled before it runs.
 */
function checkToolCallParams(params: unknown, knownTools: ReadonlySet<string>): string | { name: string } {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return 'Invalid params: tools/call needs a params object';
  const { name, arguments: args } = params as { name?: unknown; arguments?: unknown };
  if (typeof name !== 'string') return 'Invalid params: tools/call needs a string "name"';
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) {
    return 'Invalid params: "arguments" must be an object';
  }
  if (!knownTools.has(name)) return `Unknown tool: ${name.slice(0, 64)}`;
  return { name };
}

/**
 * Whether an Accept header admits `application/json` (RFC 9110 §12.5.1): absent, or a media range `*\/*`,
 * `application/*` or `application/json` whose `q` is not 0.
 */
export function acceptsJson(value: string | null): boolean {
  if (value === null || value.trim() === '') return true;
  return value.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json';
  });
}

/** No `charset` parameter, or `utf-8` (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). */
export function isUtf8(contentType: string | null): boolean {
  const charset = (contentType ?? '')
    .split(';')
    .slice(1)
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='));
  if (charset === undefined) return true;
  const value = charset.slice('charset='.length).replace(/^"(.*)"$/, '$1');
  return value === 'utf-8' || value === 'utf8';
}

/** `application/json` with optional parameters (`; charset=utf-8`), compared case-insensitively. */
export function isJsonMediaType(value: string | null): boolean {
  if (!value) return false;
  return value.split(';')[0].trim().toLowerCase() === 'application/json';
}
