/**
 * The HTTP contract of the MCP server: its paths, the methods each answers, the CORS headers, the
 * cache and registration headers, and the default scope. The REST API (infrastructure), the
 * Lambda handler and the local dev server all take them from here, so a deployed and a local
 * response can differ only where the dev server cannot do what AWS does (registration needs
 * Cognito). No imports: the Lambda bundle loads this file alone.
 */

/** Paths of the public surface: at the host root through the HTTP API front, under `/<stage>` on the REST API. */
export const API_PATHS = {
  /** RFC 8414 authorization server metadata. */
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  /** RFC 9728 protected resource metadata (root form). */
  protectedResourceMetadata: '/.well-known/oauth-protected-resource',
  /** RFC 9728 §3.1 path-suffixed form for the resource `/mcp`; MCP clients try it first. */
  protectedResourceMetadataForMcp: '/.well-known/oauth-protected-resource/mcp',
  /** RFC 7591 Dynamic Client Registration. */
  register: '/register',
  /** The advertised authorization endpoint: normalizes the request and redirects to Cognito's (authorize-redirect.vtl). */
  authorize: '/authorize',
  /** MCP Streamable HTTP endpoint. */
  mcp: '/mcp',
} as const;

export type ApiPathName = keyof typeof API_PATHS;
export type ApiPath = (typeof API_PATHS)[ApiPathName];

/** The methods each path answers besides the `OPTIONS` preflight, which every path answers. */
export const API_METHODS: Readonly<Record<ApiPathName, readonly string[]>> = {
  authorizationServerMetadata: ['GET'],
  protectedResourceMetadata: ['GET'],
  protectedResourceMetadataForMcp: ['GET'],
  register: ['POST'],
  authorize: ['GET'],
  mcp: ['GET', 'POST', 'DELETE'],
};

/** The metadata documents (RFC 8414, RFC 9728) and the paths that serve each. */
export const METADATA_PATHS: Readonly<Record<string, 'authorization-server-metadata' | 'protected-resource-metadata'>> = {
  [API_PATHS.authorizationServerMetadata]: 'authorization-server-metadata',
  [API_PATHS.protectedResourceMetadata]: 'protected-resource-metadata',
  [API_PATHS.protectedResourceMetadataForMcp]: 'protected-resource-metadata',
};

/** `Access-Control-Allow-Origin` of every response: tokens travel in a header, never in cookies. */
export const CORS_ALLOW_ORIGIN = '*';
/** Request headers MCP clients send cross-origin (MCP Inspector's direct mode runs in a browser). */
export const CORS_ALLOW_HEADERS = 'Authorization,Content-Type,Accept,Mcp-Protocol-Version,Mcp-Session-Id,Last-Event-ID';
/** Response headers a browser client must be able to read. */
export const CORS_EXPOSE_HEADERS = 'WWW-Authenticate,Mcp-Session-Id';
/** Seconds a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/** `Access-Control-Allow-Methods` of `path`'s preflight: its methods and `OPTIONS`. */
export function corsAllowMethods(path: ApiPathName): string {
  return [...API_METHODS[path], 'OPTIONS'].join(',');
}

/** Headers of the `204` answer to a preflight (`OPTIONS`) on `path`. */
export function preflightHeaders(path: ApiPathName): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': CORS_ALLOW_ORIGIN,
    'Access-Control-Allow-Methods': corsAllowMethods(path),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}

/** CORS headers of every other answer of the MCP endpoint and of every error the gateway itself sends. */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': CORS_ALLOW_ORIGIN,
  'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS,
};

/** Metadata documents change only on redeploy; five minutes keeps clients fresh enough. */
export const METADATA_CACHE_CONTROL = 'public, max-age=300';

/** Headers of a `200` metadata document. */
export const METADATA_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': METADATA_CACHE_CONTROL,
  'Access-Control-Allow-Origin': CORS_ALLOW_ORIGIN,
};

/**
 * Headers of every registration answer. A registration response can carry a client secret:
 * RFC 7591 §3.2.1 shows it with `Cache-Control: no-store` and `Pragma: no-cache`, as RFC 6749
 * requires for responses with credentials, so no cache or proxy keeps it.
 */
export const REGISTRATION_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Access-Control-Allow-Origin': CORS_ALLOW_ORIGIN,
};

/** A DNS host name as URLs here may use it: letters, digits, dots and hyphens, not starting or ending with either. */
const HOST = '[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?';
const LOOPBACK = '(localhost|127\\.0\\.0\\.1)';
/** A public base URL: https origin (or http on loopback, for local emulators) plus an optional path, no trailing slash. */
export const PUBLIC_BASE_URL_PATTERN = new RegExp(`^(https://${HOST}|http://${LOOPBACK})(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*$`);
/** An origin: https (or http on loopback), optional port, no path. What the Cognito domain URL must be. */
export const ORIGIN_PATTERN = new RegExp(`^(https://${HOST}|http://${LOOPBACK})(:[0-9]{1,5})?$`);
/** A Cognito user pool id (`<region>_<id>`), as the Cognito API defines it. */
export const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;

/** Resource server identifier: the part before `/` in every MCP scope. */
export const DEFAULT_RESOURCE_SERVER_IDENTIFIER = 'mcp';
/** The scope every `/mcp` token needs, unless configured otherwise: `<identifier>/<name>`. */
export const DEFAULT_MCP_SCOPE_NAME = 'tools';
export const DEFAULT_MCP_SCOPE_DESCRIPTION = 'Call the MCP server tools';
export const DEFAULT_MCP_SCOPE = `${DEFAULT_RESOURCE_SERVER_IDENTIFIER}/${DEFAULT_MCP_SCOPE_NAME}`;

/** `headers` with lowercase names, as Node's HTTP server and the Fetch API write them. */
export function lowercaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
