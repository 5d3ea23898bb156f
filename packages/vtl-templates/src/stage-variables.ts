import { containsToken, ValidationError } from '@aws-log-mcp/shared/core';
import { API_PATHS, ORIGIN_PATTERN, PUBLIC_BASE_URL_PATTERN, USER_POOL_ID_PATTERN } from './http-contract';
import { DEFAULT_REDIRECT_POLICY, RedirectPolicy, redirectPolicyStageVariables } from './redirect-policy';

/** Deploy-time values the OAuth templates need; any string may be a cdktf token (validated only when literal). */
export interface OAuthDeployValues {
  /** Public base URL of the MCP front (no trailing slash). It is the issuer and the authorization_servers entry. */
  publicBaseUrl: string;
  /** Path of the MCP endpoint under publicBaseUrl; resource = publicBaseUrl + mcpPath. Default '/mcp'. */
  mcpPath?: string;
  /** Path of the DCR endpoint under publicBaseUrl. Default '/register'. */
  registrationPath?: string;
  /** Path of the authorization endpoint front (authorize-redirect.vtl) under publicBaseUrl. Default '/authorize'. */
  authorizePath?: string;
  /** Cognito managed login domain, e.g. https://<prefix>.auth.<region>.amazoncognito.com (no trailing slash). */
  cognitoDomainUrl: string;
  userPoolId: string;
  /** Scopes a registering client may obtain (Cognito resource-server scopes such as 'mcp/tools'). 1-50. */
  scopes: string[];
  /** Scopes granted when a client requests none of `scopes`. Must be a subset of `scopes`. Default: all `scopes`. */
  defaultScopes?: string[];
  /** Human-readable resource_name of the protected resource metadata: letters, digits, spaces, `._-`. */
  resourceName: string;
  /** ClientName for registrations without a usable client_name. Default 'MCP client'. */
  defaultClientName?: string;
  /** SupportedIdentityProviders of registered clients. Default ['COGNITO']. */
  identityProviders?: string[];
  /** Access token lifetime of registered clients, minutes (5-1440). Default 60. */
  accessTokenValidityMinutes?: number;
  /** ID token lifetime of registered clients, minutes (5-1440). Default 60. */
  idTokenValidityMinutes?: number;
  /** Refresh token lifetime of registered clients, days (1-3650). Default 30. */
  refreshTokenValidityDays?: number;
  /** Which redirect URIs registration accepts (`resolveRedirectPolicy`). @default {@link DEFAULT_REDIRECT_POLICY} */
  redirectPolicy?: RedirectPolicy;
  /**
   * Refresh token rotation of registered clients (Cognito Essentials and Plus plans only): every refresh returns a new
   * refresh token and the old one stays valid for `retryGracePeriodSeconds` (0-60). @default enabled, 60 seconds
   */
  refreshTokenRotation?: { enabled: boolean; retryGracePeriodSeconds?: number };
  /**
   * Forward RFC 8707 `resource` from /authorize to Cognito, which binds the access token to it (`aud`); Essentials and
   * Plus plans only. @default true
   */
  resourceIndicators?: boolean;
  /**
   * Whether the user pool accepts Client ID Metadata Documents (a Cognito CIMD policy exists), so
   * the authorization server metadata advertises `client_id_metadata_document_supported`. Default false.
   */
  clientIdMetadataDocumentSupported?: boolean;
  /**
   * Seconds a registered client lives before it is deleted (the expiry job's TTL), 0-315360000;
   * the registration response then states when a confidential client's secret stops working
   * (`client_secret_expires_at`). Default 0: never expires.
   */
  clientLifetimeSeconds?: number;
}

/** The stage variables the templates read, in the order stageVariables() emits them. */
export const STAGE_VARIABLE_NAMES = [
  'issuer',
  'authorizationEndpoint',
  'cognitoAuthorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'registrationEndpoint',
  'resource',
  'resourceName',
  'scopes',
  'defaultScopes',
  'userPoolId',
  'identityProviders',
  'defaultClientName',
  'accessTokenValidity',
  'idTokenValidity',
  'refreshTokenValidity',
  'refreshTokenRotation',
  'refreshTokenRetryGraceSeconds',
  'redirectHttpsHosts',
  'redirectLoopbackHosts',
  'redirectSchemes',
  'resourceIndicators',
  'clientIdMetadataDocumentSupported',
  'clientLifetimeSeconds',
] as const;

export type StageVariableName = (typeof STAGE_VARIABLE_NAMES)[number];

/** What each stage variable holds and which templates read it (rendered into the package README). */
export const STAGE_VARIABLE_DESCRIPTIONS: Readonly<Record<StageVariableName, string>> = {
  issuer:
    'publicBaseUrl; RFC 8414 issuer and the only authorization_servers entry (authorization-server-metadata, protected-resource-metadata)',
  authorizationEndpoint:
    "publicBaseUrl + authorizePath, the normalizing front of Cognito's endpoint (authorization-server-metadata)",
  cognitoAuthorizationEndpoint: 'cognitoDomainUrl + /oauth2/authorize, where /authorize redirects (authorize-redirect)',
  tokenEndpoint: 'cognitoDomainUrl + /oauth2/token (authorization-server-metadata)',
  revocationEndpoint: 'cognitoDomainUrl + /oauth2/revoke (authorization-server-metadata)',
  registrationEndpoint: 'publicBaseUrl + registrationPath (authorization-server-metadata)',
  resource: 'publicBaseUrl + mcpPath, the MCP endpoint URL (protected-resource-metadata)',
  resourceName: "resource_name with spaces stored as '~' (protected-resource-metadata)",
  scopes: 'comma-separated scopes a client may register for; scopes_supported (both metadata templates, dcr-request)',
  defaultScopes: 'comma-separated scopes granted when a registration asks for none of `scopes` (dcr-request)',
  userPoolId: 'Cognito user pool of registered clients (dcr-request)',
  identityProviders: 'comma-separated SupportedIdentityProviders of registered clients (dcr-request)',
  defaultClientName: "ClientName when client_name is absent or sanitizes to nothing, spaces stored as '~' (dcr-request)",
  accessTokenValidity: 'AccessTokenValidity of registered clients, minutes (dcr-request)',
  idTokenValidity: 'IdTokenValidity of registered clients, minutes (dcr-request)',
  refreshTokenValidity: 'RefreshTokenValidity of registered clients, days (dcr-request)',
  refreshTokenRotation: 'ENABLED or DISABLED: RefreshTokenRotation of registered clients (dcr-request)',
  refreshTokenRetryGraceSeconds: 'RetryGracePeriodSeconds of rotating clients, 0-60 (dcr-request)',
  redirectHttpsHosts: "https hosts registration accepts, comma-separated; '~' any host, '-' none (dcr-request)",
  redirectLoopbackHosts: "loopback hosts registration accepts for http ('::1' for [::1]); '-' none (dcr-request)",
  redirectSchemes:
    "private-use schemes registration accepts for native clients; '.' any reverse-domain scheme; '-' none (dcr-request)",
  resourceIndicators: 'true: /authorize forwards RFC 8707 resource to Cognito (authorize-redirect)',
  clientIdMetadataDocumentSupported:
    "'true' when the pool accepts Client ID Metadata Documents: client_id_metadata_document_supported (authorization-server-metadata)",
  clientLifetimeSeconds:
    'seconds a registered client lives (0: forever); client_secret_expires_at = client_id_issued_at + this for confidential clients (dcr-response)',
};

/** API Gateway API reference (Stage.variables): "the values must match [A-Za-z0-9-._~:/?#&=,]+" — so never empty. */
export const STAGE_VARIABLE_VALUE_PATTERN = /^[A-Za-z0-9\-._~:/?#&=,]+$/;

/** API Gateway quota: "Length, in characters, of the value in a stage variable: 512". */
export const STAGE_VARIABLE_VALUE_MAX_LENGTH = 512;

const BASE_URL = PUBLIC_BASE_URL_PATTERN;
const ORIGIN = ORIGIN_PATTERN;
const PATH = /^(\/[A-Za-z0-9._~-]+)+$/;
const USER_POOL_ID = USER_POOL_ID_PATTERN;
/** A scope token (RFC 6749 NQCHAR) that can also travel in a comma-separated stage variable. */
const SCOPE = /^[A-Za-z0-9\-._~:/?#&=]{1,256}$/;
const IDENTITY_PROVIDER = /^[A-Za-z0-9\-._~:/?#&=]{1,32}$/;
/** Characters allowed by both Cognito's ClientName rule and stage variables (a space is stored as '~'). */
const DISPLAY_NAME = /^[A-Za-z0-9 ._=,-]{1,128}$/;

function literal(value: string): boolean {
  return !containsToken(value);
}

function check(field: string, value: string, pattern: RegExp, rule: string): string {
  if (literal(value) && !pattern.test(value)) throw new ValidationError(field, rule, value);
  return value;
}

function checkInteger(field: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `must be an integer from ${min} to ${max}`, value);
  }
  return String(value);
}

function checkList(field: string, values: string[], pattern: RegExp, rule: string, max: number): string[] {
  if (values.length === 0 || values.length > max) {
    throw new ValidationError(field, `must list 1 to ${max} entries`, values.length);
  }
  values.forEach((v, i) => check(`${field}[${i}]`, v, pattern, rule));
  if (new Set(values).size !== values.length) throw new ValidationError(field, 'must not repeat an entry', values);
  return values;
}

/** A display name with its spaces stored as '~' (stage variable values cannot contain spaces; '~' is not allowed). */
function encodeDisplayName(field: string, value: string): string {
  check(field, value, DISPLAY_NAME, "must be 1-128 characters from letters, digits, spaces and '._=,-'");
  if (literal(value) && value.trim() !== value) throw new ValidationError(field, 'must not start or end with a space', value);
  return value.replace(/ /g, '~');
}

/**
 * The stage variable map the templates read: the single source of truth for their names and values. Literal values
 * are validated here, at synth time, against the rules the templates and API Gateway rely on; cdktf tokens pass
 * through untouched.
 */
export function stageVariables(values: OAuthDeployValues): Record<StageVariableName, string> {
  const base = check(
    'publicBaseUrl',
    values.publicBaseUrl,
    BASE_URL,
    'must be an https URL (http only on localhost/127.0.0.1) with no trailing slash, query or fragment',
  );
  const mcpPath = check('mcpPath', values.mcpPath ?? API_PATHS.mcp, PATH, "must be a path like '/mcp' without trailing slash");
  const registrationPath = check(
    'registrationPath',
    values.registrationPath ?? API_PATHS.register,
    PATH,
    "must be a path like '/register' without trailing slash",
  );
  const authorizePath = check(
    'authorizePath',
    values.authorizePath ?? API_PATHS.authorize,
    PATH,
    "must be a path like '/authorize' without trailing slash",
  );
  const rotation = values.refreshTokenRotation ?? { enabled: true, retryGracePeriodSeconds: 60 };
  const domain = check(
    'cognitoDomainUrl',
    values.cognitoDomainUrl,
    ORIGIN,
    'must be the https origin of the Cognito domain, without path or trailing slash',
  );
  const userPoolId = check('userPoolId', values.userPoolId, USER_POOL_ID, 'must be a Cognito user pool id like eu-west-1_AbC123');
  const scopeRule = 'must be 1-256 characters from letters, digits and -._~:/?#&= (no spaces or commas)';
  const scopes = checkList('scopes', values.scopes, SCOPE, scopeRule, 50);
  const defaultScopes = checkList('defaultScopes', values.defaultScopes ?? scopes, SCOPE, scopeRule, 50);
  defaultScopes.forEach((scope, i) => {
    if (literal(scope) && !scopes.includes(scope))
      throw new ValidationError(`defaultScopes[${i}]`, 'must be one of scopes', scope);
  });
  const identityProviders = checkList(
    'identityProviders',
    values.identityProviders ?? ['COGNITO'],
    IDENTITY_PROVIDER,
    'must be 1-32 characters from letters, digits and -._~:/?#&=',
    50,
  );

  const result: Record<StageVariableName, string> = {
    issuer: base,
    authorizationEndpoint: `${base}${authorizePath}`,
    cognitoAuthorizationEndpoint: `${domain}/oauth2/authorize`,
    tokenEndpoint: `${domain}/oauth2/token`,
    revocationEndpoint: `${domain}/oauth2/revoke`,
    registrationEndpoint: `${base}${registrationPath}`,
    resource: `${base}${mcpPath}`,
    resourceName: encodeDisplayName('resourceName', values.resourceName),
    scopes: scopes.join(','),
    defaultScopes: defaultScopes.join(','),
    userPoolId,
    identityProviders: identityProviders.join(','),
    defaultClientName: encodeDisplayName('defaultClientName', values.defaultClientName ?? 'MCP client'),
    accessTokenValidity: checkInteger('accessTokenValidityMinutes', values.accessTokenValidityMinutes ?? 60, 5, 1440),
    idTokenValidity: checkInteger('idTokenValidityMinutes', values.idTokenValidityMinutes ?? 60, 5, 1440),
    refreshTokenValidity: checkInteger('refreshTokenValidityDays', values.refreshTokenValidityDays ?? 30, 1, 3650),
    refreshTokenRotation: rotation.enabled ? 'ENABLED' : 'DISABLED',
    refreshTokenRetryGraceSeconds: checkInteger(
      'refreshTokenRotation.retryGracePeriodSeconds',
      rotation.retryGracePeriodSeconds ?? 60,
      0,
      60,
    ),
    ...redirectPolicyStageVariables(values.redirectPolicy ?? DEFAULT_REDIRECT_POLICY),
    resourceIndicators: values.resourceIndicators === false ? 'false' : 'true',
    clientIdMetadataDocumentSupported: values.clientIdMetadataDocumentSupported === true ? 'true' : 'false',
    clientLifetimeSeconds: checkInteger('clientLifetimeSeconds', values.clientLifetimeSeconds ?? 0, 0, 315_360_000),
  };
  for (const name of STAGE_VARIABLE_NAMES) {
    const value = result[name];
    if (literal(value) && value.length > STAGE_VARIABLE_VALUE_MAX_LENGTH) {
      throw new ValidationError(
        `stageVariables.${name}`,
        `must be at most ${STAGE_VARIABLE_VALUE_MAX_LENGTH} characters`,
        value.length,
      );
    }
    if (literal(value) && !STAGE_VARIABLE_VALUE_PATTERN.test(value)) {
      throw new ValidationError(
        `stageVariables.${name}`,
        'must be non-empty and contain only letters, digits and -._~:/?#&=,',
        value,
      );
    }
  }
  return result;
}
