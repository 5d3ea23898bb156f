import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { grant, Grant, IGrantable, PlatformStack, PolicyStatement, setAddress, ValidationError } from '@aws-log-mcp/shared';
import {
  DEFAULT_MCP_SCOPE_DESCRIPTION,
  DEFAULT_MCP_SCOPE_NAME,
  DEFAULT_RESOURCE_SERVER_IDENTIFIER,
} from '@aws-log-mcp/vtl-templates/http-contract';
import { Construct } from 'constructs';
import { COGNITO_CREATE_CLIENT_ACTIONS } from './permissions';

export interface McpScope {
  /** Scope name on the resource server, e.g. `tools` (the full scope is `<identifier>/tools`). */
  readonly name: string;
  readonly description: string;
}

export interface PreRegisteredClientProps {
  /** Client name, 1-128 of letters, digits, spaces and + = , . @ _ -. */
  readonly name: string;
  /** Redirect URIs (https, or http on a loopback host), 1-100. */
  readonly callbackUrls: readonly string[];
  /** @default none */
  readonly logoutUrls?: readonly string[];
}

export interface McpUserPoolProps {
  /** User pool name. */
  readonly poolName: string;
  /** Managed login domain prefix (`ResourceNames.cognitoDomainPrefix` checks Cognito's rule). */
  readonly domainPrefix: string;
  /** `OFF`, `OPTIONAL` or `ON`; TOTP is the second factor (no SMS role needed). @default 'OPTIONAL' */
  readonly mfa?: 'OFF' | 'OPTIONAL' | 'ON';
  /** Cognito feature plan. @default 'ESSENTIALS' (the AWS default for new pools) */
  readonly tier?: 'LITE' | 'ESSENTIALS' | 'PLUS';
  /** Allow self sign-up on the managed login page. @default false */
  readonly selfSignUp?: boolean;
  /** Keep Terraform from deleting the pool and its users. @default true */
  readonly deletionProtection?: boolean;
  /** Resource server identifier, the scope prefix. @default 'mcp' */
  readonly resourceServerIdentifier?: string;
  /** Scopes of the resource server (1-25); the first is the MCP endpoint's scope. @default [tools] */
  readonly scopes?: readonly McpScope[];
  /**
   * Lifetimes for the pre-registered client (DCR clients get theirs from the registration template):
   * access and ID tokens 5-1440 minutes, refresh tokens 1-3650 days.
   * @default 60 minutes, 60 minutes, 30 days
   */
  readonly tokenValidity?: {
    readonly accessTokenMinutes: number;
    readonly idTokenMinutes: number;
    readonly refreshTokenDays: number;
  };
  /** A public app client created with the stack. @default none */
  readonly preRegisteredClient?: PreRegisteredClientProps;
  /**
   * Refresh token rotation of the pre-registered client (Essentials and Plus plans): each refresh returns a new refresh
   * token; the old one stays valid for `retryGracePeriodSeconds` (0-60). Cognito refuses the API refresh flow
   * (REFRESH_TOKEN_AUTH) on rotating clients, so the client then has no API sign-in flow at all; managed login and the
   * token endpoint need none. @default enabled with 60 seconds, unless `tier` is `LITE`
   */
  readonly refreshTokenRotation?: { readonly enabled: boolean; readonly retryGracePeriodSeconds: number };
  /**
   * Threat protection (`user_pool_add_ons.advanced_security_mode`): `AUDIT` records risk, `ENFORCED`
   * also acts on it. Only the Plus tier has it (Cognito API Reference, UserPoolAddOnsType).
   * @default 'ENFORCED' on PLUS, 'OFF' otherwise
   */
  readonly threatProtection?: ThreatProtectionMode;
  /**
   * A pre token generation trigger (`lambda_config`); event version `V2_0` customizes access tokens,
   * which needs the Essentials or Plus tier. @default none
   */
  readonly preTokenGeneration?: { readonly lambdaArn: string; readonly lambdaVersion: 'V2_0' };
}

export type ThreatProtectionMode = 'OFF' | 'AUDIT' | 'ENFORCED';

/**
 * The OAuth 2.1 authorization server: a Cognito user pool with secure defaults, its managed
 * login domain, and a resource server whose scopes belong to this MCP server alone (Cognito
 * access tokens carry no audience, so the scope is what binds a token to this resource).
 * Addresses: `aws_cognito_user_pool.this`, `aws_cognito_user_pool_domain.this`,
 * `aws_cognito_resource_server.this`, `aws_cognito_user_pool_client.pre_registered`,
 * `aws_cognito_user_pool_client.cimd`.
 */
export class McpUserPool extends Construct {
  readonly userPool: CognitoUserPool;
  readonly domain: CognitoUserPoolDomain;
  readonly resourceServer: CognitoResourceServer;
  readonly preRegisteredClient?: CognitoUserPoolClient;
  /** The app client of the CIMD policy, once {@link addCimdClient} made it. */
  cimdClient?: CognitoUserPoolClient;
  private readonly tokenValidity: {
    readonly accessTokenMinutes: number;
    readonly idTokenMinutes: number;
    readonly refreshTokenDays: number;
  };
  /** Full scope strings, e.g. `['mcp/tools']`; the first one is required by the MCP endpoint. */
  readonly scopes: readonly string[];
  /** `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainUrl: string;
  /** Token issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  /** The pool's feature plan. */
  readonly tier: 'LITE' | 'ESSENTIALS' | 'PLUS';
  /** The resource server whose identifier is the MCP endpoint URL (see {@link bindResource}), once created. */
  resourceBinding?: CognitoResourceServer;
  private readonly poolName: string;
  /** The threat protection mode the pool runs in. */
  readonly threatProtection: ThreatProtectionMode;
  private readonly rotation: { readonly enabled: boolean; readonly retryGracePeriodSeconds: number };

  constructor(scope: Construct, id: string, props: McpUserPoolProps) {
    super(scope, id);
    const region = PlatformStack.of(this).region;
    const identifier = props.resourceServerIdentifier ?? DEFAULT_RESOURCE_SERVER_IDENTIFIER;
    const scopeDefs = props.scopes ?? [{ name: DEFAULT_MCP_SCOPE_NAME, description: DEFAULT_MCP_SCOPE_DESCRIPTION }];
    const mfa = props.mfa ?? 'OPTIONAL';
    this.tier = props.tier ?? 'ESSENTIALS';
    this.poolName = props.poolName;
    const rotation = props.refreshTokenRotation ?? { enabled: this.tier !== 'LITE', retryGracePeriodSeconds: 60 };
    this.rotation = rotation;
    if (rotation.enabled && this.tier === 'LITE') {
      throw new ValidationError(
        `${id}.refreshTokenRotation.enabled`,
        '[cognito.refreshTokenRotation] needs the ESSENTIALS or PLUS feature plan; set cognito.tier accordingly or turn rotation off',
        true,
      );
    }
    if (
      !Number.isInteger(rotation.retryGracePeriodSeconds) ||
      rotation.retryGracePeriodSeconds < 0 ||
      rotation.retryGracePeriodSeconds > 60
    ) {
      throw new ValidationError(
        `${id}.refreshTokenRotation.retryGracePeriodSeconds`,
        '[cognito.refreshTokenRotation] must be an integer from 0 to 60 seconds',
        rotation.retryGracePeriodSeconds,
      );
    }
    this.threatProtection = props.threatProtection ?? (this.tier === 'PLUS' ? 'ENFORCED' : 'OFF');
    if (this.threatProtection !== 'OFF' && this.tier !== 'PLUS') {
      throw new ValidationError(
        `${id}.threatProtection`,
        `[cognito.threatProtectionTier] threat protection (${this.threatProtection}) needs the PLUS tier; this pool is ${this.tier}`,
        this.threatProtection,
      );
    }
    if (props.preTokenGeneration && this.tier === 'LITE') {
      throw new ValidationError(
        `${id}.preTokenGeneration`,
        '[cognito.accessTokenCustomizationTier] a V2_0 pre token generation trigger needs the ESSENTIALS or PLUS tier',
        this.tier,
      );
    }

    this.userPool = new CognitoUserPool(this, 'pool', {
      name: props.poolName,
      deletionProtection: (props.deletionProtection ?? true) ? 'ACTIVE' : 'INACTIVE',
      userPoolTier: this.tier,
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: mfa,
      ...(mfa === 'OFF' ? {} : { softwareTokenMfaConfiguration: { enabled: true } }),
      adminCreateUserConfig: { allowAdminCreateUserOnly: !(props.selfSignUp ?? false) },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      // Omitted when OFF, so pools deployed before threat protection existed plan no change.
      ...(this.threatProtection === 'OFF' ? {} : { userPoolAddOns: { advancedSecurityMode: this.threatProtection } }),
      ...(props.preTokenGeneration ? { lambdaConfig: { preTokenGenerationConfig: { ...props.preTokenGeneration } } } : {}),
    });
    setAddress(this.userPool, 'this');

    this.domain = setAddress(
      new CognitoUserPoolDomain(this, 'domain', { domain: props.domainPrefix, userPoolId: this.userPool.id }),
      'this',
    );
    this.resourceServer = setAddress(
      new CognitoResourceServer(this, 'resource-server', {
        userPoolId: this.userPool.id,
        identifier,
        name: `${props.poolName}-mcp`,
        scope: scopeDefs.map((s) => ({ scopeName: s.name, scopeDescription: s.description })),
      }),
      'this',
    );
    this.scopes = scopeDefs.map((s) => `${identifier}/${s.name}`);
    this.domainUrl = `https://${props.domainPrefix}.auth.${region}.amazoncognito.com`;
    this.issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.id}`;

    this.tokenValidity = props.tokenValidity ?? { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 };
    if (props.preRegisteredClient) {
      this.preRegisteredClient = this.publicClient('client', props.preRegisteredClient, 'pre_registered');
    }
  }

  /**
   * RFC 8707 resource binding: a resource server whose identifier is the MCP endpoint URL (the protected resource
   * metadata's `resource`), so that Cognito accepts the `resource` MCP clients send and puts it in the access token's
   * `aud` claim. Cognito binds tokens to resources only on the Essentials and Plus plans with managed login, and only to
   * identifiers of the pool's resource servers. The server declares no scopes: the MCP scopes stay on the `mcp` server.
   * Address `aws_cognito_resource_server.mcp_resource`. Refused on the Lite plan.
   */
  bindResource(resourceUrl: string): CognitoResourceServer {
    if (this.tier === 'LITE') {
      throw new ValidationError(
        'cognito.tier',
        '[cognito.resourceBinding] RFC 8707 resource binding needs ESSENTIALS or PLUS',
        'LITE',
      );
    }
    this.resourceBinding = setAddress(
      new CognitoResourceServer(this, 'resource-binding', {
        userPoolId: this.userPool.id,
        identifier: resourceUrl,
        name: `${this.poolName}-mcp-resource`,
      }),
      'mcp_resource',
    );
    return this.resourceBinding;
  }

  /**
   * The app client a Client ID Metadata Document (CIMD) policy maps accepted clients to: public,
   * authorization code with PKCE, the pool's scopes. Cognito takes a CIMD client's redirect URIs
   * from its metadata document and allows only what both the document and this client allow; the
   * callback URL here exists because Cognito requires one for an OAuth client (a loopback URL
   * nobody listens on). Address: `aws_cognito_user_pool_client.cimd`.
   */
  addCimdClient(name: string): CognitoUserPoolClient {
    if (this.cimdClient) throw new Error('internal: the CIMD client is declared once');
    this.cimdClient = this.publicClient('cimd-client', { name, callbackUrls: ['http://localhost/cimd'] }, 'cimd');
    return this.cimdClient;
  }

  /** A public PKCE client (no secret, authorization code only) allowed every scope of the pool. */
  private publicClient(id: string, c: PreRegisteredClientProps, address: string): CognitoUserPoolClient {
    const v = this.tokenValidity;
    const rotation = this.rotation;
    return setAddress(
      new CognitoUserPoolClient(this, id, {
        name: c.name,
        userPoolId: this.userPool.id,
        // A public client: PKCE (S256) instead of a secret, authorization code flow only.
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: ['openid', ...this.scopes],
        callbackUrls: [...c.callbackUrls],
        logoutUrls: [...(c.logoutUrls ?? [])],
        supportedIdentityProviders: ['COGNITO'],
        // With rotation Cognito refuses REFRESH_TOKEN_AUTH and managed login needs no API flow: none at all.
        // Without it, REFRESH_TOKEN_AUTH alone (an omitted list would enable Cognito's defaults, SRP and custom auth).
        explicitAuthFlows: rotation.enabled ? [] : ['ALLOW_REFRESH_TOKEN_AUTH'],
        ...(rotation.enabled
          ? { refreshTokenRotation: [{ feature: 'ENABLED', retryGracePeriodSeconds: rotation.retryGracePeriodSeconds }] }
          : {}),
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: v.accessTokenMinutes,
        idTokenValidity: v.idTokenMinutes,
        refreshTokenValidity: v.refreshTokenDays,
        tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
        // The resource server's scopes must exist before a client can be allowed them.
        dependsOn: [this.resourceServer],
      }),
      address,
    );
  }

  /** The scope the MCP endpoint requires (the first configured one). */
  get mcpScope(): string {
    return this.scopes[0];
  }

  /** Dynamic Client Registration: creating app clients in this pool and nothing else. */
  createClientStatements(): PolicyStatement[] {
    return [{ sid: 'RegisterClients', actions: COGNITO_CREATE_CLIENT_ACTIONS, resources: [this.userPool.arn] }];
  }

  /** Lets `grantee` (API Gateway's registration role) create app clients in this pool and nothing else. */
  grantCreateClient(grantee: IGrantable): Grant {
    return grant(grantee, this.createClientStatements());
  }
}
