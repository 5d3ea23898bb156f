import { API_PATHS, DEFAULT_MCP_SCOPE } from '@aws-log-mcp/vtl-templates/http-contract';
import type { RedirectPolicy } from '@aws-log-mcp/vtl-templates/redirect-policy';

/** A Cognito domain that cannot resolve (RFC 2606 `.invalid`), shown when none is configured. */
export const PLACEHOLDER_COGNITO_DOMAIN_URL = 'https://dev-local-placeholder.auth.invalid';

/** A user pool id that names no pool, used in the stage variables when no Cognito is configured. */
export const PLACEHOLDER_USER_POOL_ID = 'dev-local_placeholder';

export interface DevOAuthOptions {
  /** MCP scopes advertised. @default [`DEFAULT_MCP_SCOPE`] (`mcp/tools`) */
  readonly scopes?: readonly string[];
  /** Cognito managed login base URL. @default {@link PLACEHOLDER_COGNITO_DOMAIN_URL} */
  readonly cognitoDomainUrl?: string;
  /** User pool of registered clients. @default {@link PLACEHOLDER_USER_POOL_ID} */
  readonly userPoolId?: string;
  /** `resource_name` of the protected resource metadata (RFC 9728 §2). @default 'MCP server dev-local' */
  readonly resourceName?: string;
  /**
   * A Cognito endpoint (moto's server, e.g. `http://127.0.0.1:5000`) for `POST /register`, which then runs the REST
   * API's registration pipeline against it. @default none: `POST /register` answers 501
   */
  readonly cognitoEndpoint?: string;
  /** @default the package's default redirect policy */
  readonly redirectPolicy?: RedirectPolicy;
  /** Refresh token rotation of registered clients, as the stack sets it. @default enabled, 60 s grace */
  readonly refreshTokenRotation?: { enabled: boolean; retryGracePeriodSeconds?: number };
  /** Forward `resource` from /authorize (pools on the Essentials or Plus plan). @default true */
  readonly resourceIndicators?: boolean;
}

/** What the dev server needs to answer the OAuth paths the way the REST API does. */
export interface DevOAuth {
  /** The stage variables the REST stage would carry, with the dev server's URL as the public base URL. */
  stageVariables(baseUrl: string): Promise<Record<string, string>>;
  /** Where `POST /register` sends CreateUserPoolClient. @default none: `POST /register` answers 501 */
  readonly cognitoEndpoint?: string;
}

/**
 * The dev server's OAuth configuration: the same `stageVariables()` the REST stage gets (so the metadata, /authorize
 * and /register templates render as API Gateway renders them), with the dev server's URL as the public base URL.
 * Values are validated by `stageVariables()`: a bad Cognito domain URL or pool id throws `ValidationError`.
 */
export function devOAuth(options: DevOAuthOptions = {}): DevOAuth {
  const cache = new Map<string, Record<string, string>>();
  return {
    cognitoEndpoint: options.cognitoEndpoint,
    async stageVariables(baseUrl: string) {
      const hit = cache.get(baseUrl);
      if (hit) return hit;
      // Loaded on first use so the dev server listens before the templates package is read.
      const { stageVariables } = await import('@aws-log-mcp/vtl-templates');
      const variables = stageVariables({
        publicBaseUrl: baseUrl,
        mcpPath: API_PATHS.mcp,
        cognitoDomainUrl: options.cognitoDomainUrl ?? PLACEHOLDER_COGNITO_DOMAIN_URL,
        userPoolId: options.userPoolId ?? PLACEHOLDER_USER_POOL_ID,
        scopes: [...(options.scopes ?? [DEFAULT_MCP_SCOPE])],
        defaultScopes: [(options.scopes ?? [DEFAULT_MCP_SCOPE])[0]],
        resourceName: options.resourceName ?? 'MCP server dev-local',
        redirectPolicy: options.redirectPolicy,
        refreshTokenRotation: options.refreshTokenRotation,
        resourceIndicators: options.resourceIndicators,
      });
      cache.set(baseUrl, variables);
      return variables;
    },
  };
}
