import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { grant, Grant, IGrantable, PlatformStack, PolicyStatement, setAddress } from '@aws-log-mcp/shared';
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
}

/**
 * The OAuth 2.1 authorization server: a Cognito user pool with secure defaults, its managed
 * login domain, and a resource server whose scopes belong to this MCP server alone (Cognito
 * access tokens carry no audience, so the scope is what binds a token to this resource).
 * Addresses: `aws_cognito_user_pool.this`, `aws_cognito_user_pool_domain.this`,
 * `aws_cognito_resource_server.this`, `aws_cognito_user_pool_client.pre_registered`.
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
    const region = PlatformStack.of(this).region;
    const identifier = props.resourceServerIdentifier ?? DEFAULT_RESOURCE_SERVER_IDENTIFIER;
    const scopeDefs = props.scopes ?? [{ name: DEFAULT_MCP_SCOPE_NAME, description: DEFAULT_MCP_SCOPE_DESCRIPTION }];
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

    if (props.preRegisteredClient) {
      const c = props.preRegisteredClient;
      const v = props.tokenValidity ?? { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 };
      this.preRegisteredClient = setAddress(
        new CognitoUserPoolClient(this, 'client', {
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
        }),
        'pre_registered',
      );
    }
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
