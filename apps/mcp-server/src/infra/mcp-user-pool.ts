import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { assertName, COGNITO_DOMAIN_PREFIX, PolicyStatement, ValidationError } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface McpScope {
  /** Scope name on the resource server, e.g. `tools` (the full scope is `<identifier>/tools`). */
  readonly name: string;
  readonly description: string;
}

export interface PreRegisteredClientProps {
  readonly name: string;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls?: readonly string[];
}

export interface McpUserPoolProps {
  /** User pool name. */
  readonly poolName: string;
  /** Managed login domain prefix; validated against Cognito's rule. */
  readonly domainPrefix: string;
  /** AWS region, for the managed login URL and the issuer. */
  readonly region: string;
  /** `OFF`, `OPTIONAL` or `ON`; TOTP is the second factor (no SMS role needed). Default `OPTIONAL`. */
  readonly mfa?: 'OFF' | 'OPTIONAL' | 'ON';
  /** Cognito feature plan (default `ESSENTIALS`, the AWS default for new pools). */
  readonly tier?: 'LITE' | 'ESSENTIALS' | 'PLUS';
  /** Allow self sign-up on the managed login page (default false). */
  readonly selfSignUp?: boolean;
  /** Default true. */
  readonly deletionProtection?: boolean;
  /** Resource server identifier, the scope prefix (default `mcp`). */
  readonly resourceServerIdentifier?: string;
  /** Scopes of the resource server; the first is the MCP endpoint's scope. Default `[tools]`. */
  readonly scopes?: readonly McpScope[];
  /** Lifetimes for the pre-registered client (DCR clients get theirs from the registration template). */
  readonly tokenValidity?: {
    readonly accessTokenMinutes: number;
    readonly idTokenMinutes: number;
    readonly refreshTokenDays: number;
  };
  readonly preRegisteredClient?: PreRegisteredClientProps;
}

/**
 * The OAuth 2.1 authorization server: a Cognito user pool with secure defaults, its managed
 * login domain, and a resource server whose scopes belong to this MCP server alone (Cognito
 * access tokens carry no audience, so the scope is what binds a token to this resource).
 */
export class McpUserPool extends Construct {
  readonly userPool: CognitoUserPool;
  readonly domain: CognitoUserPoolDomain;
  readonly resourceServer: CognitoResourceServer;
  readonly preRegisteredClient?: CognitoUserPoolClient;
  /** Full scope strings, e.g. `['mcp/tools']`; the first one is required by the MCP endpoint. */
  readonly scopes: readonly string[];
  /** `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainUrl: string;
  /** Token issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: McpUserPoolProps) {
    super(scope, id);
    assertName(COGNITO_DOMAIN_PREFIX, props.domainPrefix, `${id}.domainPrefix`);
    const identifier = props.resourceServerIdentifier ?? 'mcp';
    const scopeDefs = props.scopes ?? [{ name: 'tools', description: 'Call the MCP server tools' }];
    if (scopeDefs.length === 0) throw new ValidationError(`${id}.scopes`, '[cognito.scopes] at least one scope is required');
    const mfa = props.mfa ?? 'OPTIONAL';

    this.userPool = new CognitoUserPool(this, 'pool', {
      name: props.poolName,
      deletionProtection: (props.deletionProtection ?? true) ? 'ACTIVE' : 'INACTIVE',
      userPoolTier: props.tier ?? 'ESSENTIALS',
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
    });

    this.domain = new CognitoUserPoolDomain(this, 'domain', { domain: props.domainPrefix, userPoolId: this.userPool.id });
    this.resourceServer = new CognitoResourceServer(this, 'resource-server', {
      userPoolId: this.userPool.id,
      identifier,
      name: `${props.poolName}-mcp`,
      scope: scopeDefs.map((s) => ({ scopeName: s.name, scopeDescription: s.description })),
    });
    this.scopes = scopeDefs.map((s) => `${identifier}/${s.name}`);
    this.domainUrl = `https://${props.domainPrefix}.auth.${props.region}.amazoncognito.com`;
    this.issuer = `https://cognito-idp.${props.region}.amazonaws.com/${this.userPool.id}`;

    if (props.preRegisteredClient) {
      const c = props.preRegisteredClient;
      const v = props.tokenValidity ?? { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 };
      this.preRegisteredClient = new CognitoUserPoolClient(this, 'client', {
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
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: v.accessTokenMinutes,
        idTokenValidity: v.idTokenMinutes,
        refreshTokenValidity: v.refreshTokenDays,
        tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
        // The resource server's scopes must exist before a client can be allowed them.
        dependsOn: [this.resourceServer],
      });
    }
  }

  /** The scope the MCP endpoint requires (the first configured one). */
  get mcpScope(): string {
    return this.scopes[0];
  }

  /** Statement for Dynamic Client Registration: creating app clients in this pool and nothing else. */
  grantCreateClient(): PolicyStatement {
    return { sid: 'RegisterClients', actions: ['cognito-idp:CreateUserPoolClient'], resources: [this.userPool.arn] };
  }
}
