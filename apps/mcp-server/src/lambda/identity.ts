/**
 * The caller as the REST API's Cognito authorizer saw it. API Gateway passes the verified
 * token's claims in `event.requestContext.authorizer.claims` as strings; nothing else in
 * the event is trusted for identity.
 */
export interface CallerIdentity {
  /** Cognito user id (`sub`); for client-credentials tokens it equals the client id. */
  readonly sub: string;
  /** The app client the token was issued to (Cognito access tokens have `client_id`, not `aud`). */
  readonly clientId: string;
  readonly username?: string;
  /** Scopes granted to the token (`scope` claim, space-separated in the token). */
  readonly scopes: readonly string[];
  readonly tokenUse: string;
  readonly issuer?: string;
  /** `cognito` for tokens checked by API Gateway; `dev-local` for the dev server's synthetic caller. */
  readonly source: 'cognito' | 'dev-local';
}

/** What the handler requires of a token beyond what the gateway already checked. */
export interface AuthRequirements {
  /** The MCP scope of this server's resource server, e.g. `mcp/tools`. */
  readonly requiredScope: string;
  /** Other scopes that also admit a token to the endpoint (the log tools' scope); tools re-check their own. */
  readonly acceptedScopes?: readonly string[];
  /** When set, `iss` must equal it (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). */
  readonly issuer?: string;
  /**
   * This server's RFC 8707 resource (the MCP endpoint URL). A token that carries `aud` (Cognito sets it when the
   * client asked for a resource) must name it; a token without `aud` is accepted, since Cognito issues those when no
   * resource was requested or on the Lite plan.
   */
  readonly resource?: string;
}

export type AuthResult =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly error: 'invalid_token' | 'insufficient_scope';
      readonly reason: string;
    };

/** Marker claim the dev server sets so a synthetic caller can never be mistaken for a real one in logs. */
export const DEV_LOCAL_MARKER_CLAIM = 'custom:dev_local';

/**
 * Re-checks the authorizer's claims. The Cognito authorizer already verified signature,
 * expiry and that the method's scope is present, but it cannot check an audience, so the
 * handler fails closed on anything unexpected: no claims at all (the method was deployed
 * without the authorizer), an ID token, a foreign issuer, or a token without the MCP scope.
 */
export function authenticate(claims: unknown, req: AuthRequirements): AuthResult {
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) {
    return { ok: false, status: 401, error: 'invalid_token', reason: 'no authorizer claims in the request context' };
  }
  const c = claims as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof c[key] === 'string' && c[key] !== '' ? (c[key] as string) : undefined);

  const sub = str('sub');
  const clientId = str('client_id');
  const tokenUse = str('token_use');
  if (!sub || !clientId) {
    return { ok: false, status: 401, error: 'invalid_token', reason: 'claims lack sub or client_id' };
  }
  if (tokenUse !== 'access') {
    return {
      ok: false,
      status: 401,
      error: 'invalid_token',
      reason: `token_use is ${JSON.stringify(tokenUse ?? null)}, not "access"`,
    };
  }
  const issuer = str('iss');
  if (req.issuer && issuer !== req.issuer) {
    return { ok: false, status: 401, error: 'invalid_token', reason: 'issuer does not match this user pool' };
  }
  const audience = str('aud');
  if (req.resource && audience !== undefined && !audienceValues(audience).some((a) => sameResource(a, req.resource!))) {
    return { ok: false, status: 401, error: 'invalid_token', reason: 'token was issued for another resource (aud)' };
  }
  const scopes = (str('scope') ?? '').split(/\s+/).filter(Boolean);
  if (!scopes.includes(req.requiredScope) && !(req.acceptedScopes ?? []).some((s) => scopes.includes(s))) {
    return { ok: false, status: 403, error: 'insufficient_scope', reason: `token lacks scope ${req.requiredScope}` };
  }
  return {
    ok: true,
    identity: {
      sub,
      clientId,
      ...(str('username') ? { username: str('username') } : {}),
      scopes,
      tokenUse,
      ...(issuer ? { issuer } : {}),
      source: str(DEV_LOCAL_MARKER_CLAIM) === 'true' ? 'dev-local' : 'cognito',
    },
  };
}

/**
 * The audiences of an `aud` claim as API Gateway hands it over: a string, or (for a list) its JSON text or the
 * bracketed, comma-separated form Java prints.
 */
export function audienceValues(aud: string): string[] {
  const text = aud.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
    } catch {
      // Java's List#toString: [a, b]
    }
    return text
      .slice(1, -1)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return [text];
}

/** Resource identifiers compared as RFC 8707 canonical URIs: exactly, except for one trailing slash. */
function sameResource(a: string, b: string): boolean {
  const strip = (v: string) => (v.endsWith('/') ? v.slice(0, -1) : v);
  return strip(a) === strip(b);
}

/**
 * The RFC 6750 challenge for a failed check. `resource_metadata` (RFC 9728 §5.1) lets MCP
 * clients discover the authorization server from the 401 alone.
 */
export function bearerChallenge(opts: {
  readonly resourceMetadataUrl?: string;
  readonly scope?: string;
  readonly error?: 'invalid_token' | 'insufficient_scope';
}): string {
  const params: string[] = [];
  if (opts.resourceMetadataUrl) params.push(`resource_metadata="${opts.resourceMetadataUrl}"`);
  if (opts.error) params.push(`error="${opts.error}"`);
  if (opts.scope) params.push(`scope="${opts.scope}"`);
  return params.length ? `Bearer ${params.join(', ')}` : 'Bearer';
}
