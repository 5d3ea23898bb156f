import { containsToken, ValidationError } from '@aws-log-mcp/shared/core';
import { API_PATHS } from './http-contract';

/**
 * Static header values of API Gateway gateway responses and method responses are string literals in single quotes
 * ("'value'"); without the quotes API Gateway reads the value as a mapping expression. A literal single quote cannot
 * be expressed inside, and a double quote or backslash would break the quoted-string parameters of the challenge
 * (RFC 9110 section 11.2), so both are rejected, as are control and non-ASCII characters.
 */
const HEADER_PARAMETER = /^[\x20\x21\x23-\x26\x28-\x5B\x5D-\x7E]*$/;

function parameter(field: string, value: string): string {
  if (!containsToken(value) && !HEADER_PARAMETER.test(value)) {
    throw new ValidationError(field, 'must be printable ASCII without quotes or backslashes', value);
  }
  return value;
}

function scopeParameter(scope: string | string[] | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const joined = Array.isArray(scope) ? scope.join(' ') : scope;
  return joined === '' ? undefined : parameter('scope', joined);
}

export interface WwwAuthenticateOptions {
  /** URL of the protected resource metadata (RFC 9728), e.g. https://host/.well-known/oauth-protected-resource/mcp. */
  resourceMetadataUrl: string;
  /** Scopes the client should request (space-separated or a list). Omitted when absent. */
  scope?: string | string[];
}

/**
 * The 401 challenge, as the single-quoted static value API Gateway expects for `gatewayresponse.header.WWW-Authenticate`:
 * `'Bearer resource_metadata="…", scope="…"'`. No `error` parameter: API Gateway answers a missing and an invalid token
 * with the same UNAUTHORIZED response, and RFC 6750 section 3.1 omits the error code when no credentials were sent.
 */
export function wwwAuthenticateHeaderValue(options: WwwAuthenticateOptions): string {
  const params = [`resource_metadata="${parameter('resourceMetadataUrl', options.resourceMetadataUrl)}"`];
  const scope = scopeParameter(options.scope);
  if (scope !== undefined) params.push(`scope="${scope}"`);
  return `'Bearer ${params.join(', ')}'`;
}

/** The 403 challenge for a token lacking scopes (RFC 6750 section 3.1, `error="insufficient_scope"`). */
export function insufficientScopeHeaderValue(options: WwwAuthenticateOptions): string {
  const params = ['error="insufficient_scope"'];
  const scope = scopeParameter(options.scope);
  if (scope !== undefined) params.push(`scope="${scope}"`);
  params.push(`resource_metadata="${parameter('resourceMetadataUrl', options.resourceMetadataUrl)}"`);
  return `'Bearer ${params.join(', ')}'`;
}

/**
 * RFC 9728 section 3.1: the well-known segment goes between the host and the resource's path, so the resource
 * https://host/mcp publishes its metadata at https://host/.well-known/oauth-protected-resource/mcp. Works with tokens
 * because it only concatenates; `publicBaseUrl` must then be an origin (no path).
 */
export function protectedResourceMetadataUrl(publicBaseUrl: string, mcpPath: string = API_PATHS.mcp): string {
  return wellKnown(publicBaseUrl, API_PATHS.protectedResourceMetadata, mcpPath);
}

/** RFC 8414 section 3.1: https://host/.well-known/oauth-authorization-server plus the issuer's path, if any. */
export function authorizationServerMetadataUrl(issuer: string): string {
  return wellKnown(issuer, API_PATHS.authorizationServerMetadata, '');
}

function wellKnown(base: string, segment: string, suffix: string): string {
  if (containsToken(base)) return `${base}${segment}${suffix}`;
  const url = new URL(base);
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}${segment}${basePath}${suffix}`;
}
