import {
  stackAlarmTopic,
  EnvironmentConfig,
  IAlarmTopic,
  parseAppSection,
  PlatformStack,
  TableGrant,
  ValidationError,
} from '@aws-log-mcp/shared';
import { API_PATHS, redirectPolicyWarning, resolveRedirectPolicy, stageVariables } from '@aws-log-mcp/vtl-templates';
import { Annotations, Lazy, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { MCP_SERVER_ADDRESS_MOVES, MCP_SERVER_ADDRESS_REMOVALS } from './addresses';
import { McpServerConfig, McpServerConfigSchema } from './config';
import { ApiGatewayAccountLogging } from './infra/api-gateway-account-logging';
import { CimdPolicy } from './infra/cimd-policy';
import { ClientExpiryJob } from './infra/client-expiry-job';
import { HttpApiFront } from './infra/http-api-front';
import { grantLogRead, planLogTools, withLogToolsScope } from './infra/log-access';
import { McpFunction } from './infra/mcp-function';
import { McpMonitoring } from './infra/mcp-monitoring';
import { MfaScopeTrigger } from './infra/mfa-scope-trigger';
import { McpUserPool, ThreatProtectionMode } from './infra/mcp-user-pool';
import { OAuthRestApi } from './infra/oauth-rest-api';
import { UserPoolRiskConfiguration } from './infra/user-pool-risk-configuration';
import { frontRegisterRequestParameters, RegistrationRateLimit } from './infra/registration-rate-limit';

export interface McpServerStackProps {
  readonly config: EnvironmentConfig;
  /** The Lambda zip. @default `dist/lambda/bundle.zip` (what `npm run build` writes) */
  readonly bundlePath?: string;
  /** The client-expiry job's zip. @default `dist/lambda/client-expiry.zip` (what `npm run build` writes) */
  readonly clientExpiryBundlePath?: string;
}

/** REST API stage name; literal so the HTTP API front can address it without depending on the stage. */
export const REST_STAGE_NAME = 'api';

/**
 * One environment of the remote MCP server: Cognito as the OAuth authorization server, a REST
 * API for metadata, registration and `/mcp`, an HTTP API front at the host root, and the Lambda.
 * Its resource addresses are pinned by `test/state-contract.test.ts` at the repository root.
 */
export class McpServerStack extends PlatformStack {
  readonly settings: McpServerConfig;
  readonly userPool: McpUserPool;
  readonly mcpFunction: McpFunction;
  readonly restApi: OAuthRestApi;
  readonly front: HttpApiFront;
  /** IAM and Lake Formation access of the log tools (when `logTools.enabled`). */
  readonly logAccess?: TableGrant;
  /** Where the alarms notify (`alarms.notifications`), when configured. */
  readonly alarmTopic?: IAlarmTopic;
  readonly monitoring: McpMonitoring;
  /** The pre token generation trigger of `logTools.requireMfa` (with `cognito.mfa: OPTIONAL`). */
  readonly mfaScopeTrigger?: MfaScopeTrigger;
  /** The per-client registration limit (when `registration.perSourceRateLimit.enabled`). */
  readonly registrationRateLimit?: RegistrationRateLimit;
  /** The CIMD policy (when `registration.cimd.enabled`). */
  readonly cimdPolicy?: CimdPolicy;
  /** The registered-client expiry job (when `registration.clientExpiry.enabled`). */
  readonly clientExpiry?: ClientExpiryJob;

  constructor(scope: Construct, props: McpServerStackProps) {
    super(scope, { config: props.config, app: 'mcp-server' });
    const settings = parseAppSection(props.config, 'mcp-server', McpServerConfigSchema);
    this.settings = settings;
    const names = this.names;
    const logTools = planLogTools(props.config, settings.cognito.resourceServerIdentifier, settings.logTools, this.account);
    const redirectPolicy = resolveRedirectPolicy(
      settings.registration.redirectPolicy,
      this.configField('registration', 'redirectPolicy'),
    );
    const warning = redirectPolicyWarning(redirectPolicy);
    if (warning) Annotations.of(this).addWarning(warning);
    // Rotation and resource binding need the Essentials or Plus plan; on Lite both are off (see the app README).
    const advancedPlan = settings.cognito.tier !== 'LITE';
    const rotation = {
      enabled: settings.refreshTokenRotation.enabled ?? advancedPlan,
      retryGracePeriodSeconds: settings.refreshTokenRotation.retryGracePeriodSeconds,
    };

    const cognito = settings.cognito;
    const threatProtection: ThreatProtectionMode = cognito.threatProtection ?? (cognito.tier === 'PLUS' ? 'ENFORCED' : 'OFF');
    if (threatProtection !== 'OFF' && cognito.tier !== 'PLUS') {
      throw new ValidationError(
        this.configField('cognito', 'threatProtection'),
        `[cognito.threatProtectionTier] threat protection needs cognito.tier "PLUS" (Cognito feature plans); this pool is ${cognito.tier}`,
        threatProtection,
      );
    }
    this.mfaScopeTrigger = this.logScopeMfaTrigger(settings, logTools?.scope);

    this.userPool = new McpUserPool(this, 'auth', {
      poolName: names.name('users'),
      domainPrefix: names.cognitoDomainPrefix(settings.cognito.domainPrefix),
      mfa: settings.cognito.mfa,
      tier: settings.cognito.tier,
      selfSignUp: settings.cognito.selfSignUp,
      deletionProtection: settings.cognito.deletionProtection,
      resourceServerIdentifier: settings.cognito.resourceServerIdentifier,
      scopes: logTools
        ? withLogToolsScope(settings.cognito.scopes, settings.logTools.scopeName, this.configField('logTools', 'scopeName'))
        : settings.cognito.scopes,
      tokenValidity: settings.tokenValidity,
      preRegisteredClient: settings.preRegisteredClient,
      refreshTokenRotation: rotation,
      threatProtection,
      preTokenGeneration: this.mfaScopeTrigger?.preTokenGenerationConfig,
    });
    this.mfaScopeTrigger?.grantUserPool(this.userPool.userPool.arn);
    if (threatProtection === 'ENFORCED') {
      new UserPoolRiskConfiguration(this, 'auth-risk', { addressName: 'this', userPoolId: this.userPool.userPool.id });
    }

    const registration = settings.registration;
    if (registration.cimd.enabled) {
      const client = this.userPool.addCimdClient('mcp-cimd-clients');
      this.cimdPolicy = new CimdPolicy(this, 'cimd-policy', {
        addressName: 'cimd',
        userPoolId: this.userPool.userPool.id,
        clientId: client.id,
        policyName: registration.cimd.policyName,
        urlPatterns: registration.cimd.urlPatterns,
        cacheDurationSeconds: registration.cimd.cacheDurationSeconds,
        mode: registration.cimd.mode,
      });
    }
    const perSource = registration.perSourceRateLimit;

    // The REST API id is known before its stage exists, so the front does not depend on the stage
    // and the stage variables can reference the front's URL without a cycle.
    this.front = new HttpApiFront(this, 'front', {
      apiName: names.name('front'),
      // Lazy: the REST API is declared below because it needs the front's URL for its stage variables.
      restStageUrl: Lazy.stringValue({ produce: () => this.restApi.stageInvokeUrl }),
      paths: Object.values(API_PATHS),
      accessLogGroupName: `/aws/apigateway/${names.name('front')}`,
      logRetentionDays: settings.logRetentionDays,
      throttle: settings.throttling.default,
      // Lazy: the key is declared with the rate limit, after the REST stage it is bound to.
      ...(perSource.enabled
        ? {
            requestParameters: {
              [API_PATHS.register]: frontRegisterRequestParameters(
                Lazy.stringValue({ produce: () => this.registrationRateLimit!.apiKey.value }),
              ),
            },
          }
        : {}),
    });
    const baseUrl = this.front.baseUrl;
    const resourceMetadataUrl = `${baseUrl}${API_PATHS.protectedResourceMetadata}`;
    // The protected resource metadata's `resource`: what MCP clients send as RFC 8707 `resource`.
    const resource = `${baseUrl}${API_PATHS.mcp}`;
    if (advancedPlan) this.userPool.bindResource(resource);

    this.mcpFunction = new McpFunction(this, 'tools', {
      functionName: names.lambdaFunction('tools'),
      roleName: names.iamRole('tools'),
      requiredScope: this.userPool.mcpScope,
      resourceMetadataUrl,
      issuer: this.userPool.issuer,
      resource,
      logRetentionDays: settings.logRetentionDays,
      bundlePath: props.bundlePath,
      timeout: logTools?.lambdaTimeoutSeconds,
      environment: logTools?.environment,
      reservedConcurrency: settings.lambda.reservedConcurrency,
      roleDescription: logTools
        ? 'MCP tools Lambda: writes its own log group and reads the log table (Athena in its workgroup, Glue, Lake Formation)'
        : undefined,
    });
    if (logTools) {
      this.logAccess = grantLogRead(this, 'tools-lakeformation-grant', this.mcpFunction.role, logTools.location);
    }

    const accountLogging = settings.manageApiGatewayAccountLogging
      ? new ApiGatewayAccountLogging(this, 'apigateway-cloudwatch', { roleName: names.iamRole('apigw-logs') })
      : undefined;

    this.restApi = new OAuthRestApi(this, 'rest', {
      apiName: names.name('api'),
      stageName: REST_STAGE_NAME,
      userPool: this.userPool,
      mcpFunction: this.mcpFunction,
      stageVariables: stageVariables({
        publicBaseUrl: baseUrl,
        mcpPath: API_PATHS.mcp,
        registrationPath: API_PATHS.register,
        cognitoDomainUrl: this.userPool.domainUrl,
        userPoolId: this.userPool.userPool.id,
        scopes: [...this.userPool.scopes],
        // A registration that asks for no scope gets the MCP scope only; the log scope is asked for explicitly.
        ...(logTools ? { defaultScopes: [this.userPool.mcpScope] } : {}),
        resourceName: `${props.config.project} ${props.config.name} MCP server`,
        accessTokenValidityMinutes: settings.tokenValidity.accessTokenMinutes,
        idTokenValidityMinutes: settings.tokenValidity.idTokenMinutes,
        refreshTokenValidityDays: settings.tokenValidity.refreshTokenDays,
        refreshTokenRotation: rotation,
        redirectPolicy,
        resourceIndicators: advancedPlan,
        clientIdMetadataDocumentSupported: registration.cimd.enabled,
        // The registration response says when a confidential client's secret goes with the client.
        clientLifetimeSeconds: registration.clientExpiry.enabled ? registration.clientTtlDays * 86_400 : 0,
      }),
      resourceMetadataUrl,
      registrationRoleName: names.iamRole('register'),
      accessLogGroupName: `/aws/apigateway/${names.name('api')}`,
      logRetentionDays: settings.logRetentionDays,
      defaultThrottle: settings.throttling.default,
      registerThrottle: settings.throttling.register,
      mcpThrottle: settings.throttling.mcp,
      stageDependsOn: accountLogging ? [accountLogging.account] : [],
      mcpEndpointScopes: logTools ? [this.userPool.mcpScope, logTools.scope] : undefined,
      registerApiKeyRequired: perSource.enabled,
    });

    this.alarmTopic = stackAlarmTopic(this, settings.alarms.notifications);
    this.monitoring = new McpMonitoring(this, 'monitoring', {
      frontApiId: this.front.api.id,
      frontAccessLogGroupName: this.front.accessLogs.name,
      restApiName: names.name('api'),
      restStageName: REST_STAGE_NAME,
      functionName: names.lambdaFunction('tools'),
      reservedConcurrency: this.mcpFunction.reservedConcurrency,
      timeoutSeconds: this.mcpFunction.timeout,
      logToolsWorkgroup: logTools?.location.workgroup,
      alarmName: (purpose) => names.name(purpose),
      dashboardName: names.prefix,
      metricNamespace: names.prefix,
      thresholds: settings.alarms,
      topic: this.alarmTopic,
    });

    if (perSource.enabled) {
      this.registrationRateLimit = new RegistrationRateLimit(this, 'registration-rate-limit', {
        addressName: 'registration',
        name: names.name('registration'),
        restApiId: this.restApi.api.id,
        stageName: this.restApi.stage.stageName,
        stageArn: this.restApi.stage.arn,
        limit: perSource.limit,
        evaluationWindowSeconds: perSource.evaluationWindowSeconds,
      });
    }

    const expiry = registration.clientExpiry;
    if (expiry.enabled) {
      this.clientExpiry = new ClientExpiryJob(this, 'client-expiry', {
        addressName: 'client_expiry',
        userPool: this.userPool,
        functionName: names.lambdaFunction('client-expiry'),
        roleName: names.iamRole('client-expiry'),
        schedulerRoleName: names.iamRole('client-expiry-scheduler'),
        scheduleName: names.name('client-expiry'),
        alarmName: names.name('app-client-quota'),
        clientTtlDays: registration.clientTtlDays,
        protectedClientIds: [
          ...(this.userPool.preRegisteredClient ? [this.userPool.preRegisteredClient.id] : []),
          ...(this.userPool.cimdClient ? [this.userPool.cimdClient.id] : []),
          ...expiry.keepClientIds,
        ],
        scheduleHours: expiry.scheduleHours,
        appClientQuota: expiry.appClientQuota,
        alarmThresholdPercent: expiry.alarmThresholdPercent,
        logRetentionDays: settings.logRetentionDays,
        topic: this.alarmTopic,
        bundlePath: props.clientExpiryBundlePath,
      });
    }

    const outputs: Record<string, [string, string]> = {
      mcp_endpoint: [`${baseUrl}${API_PATHS.mcp}`, 'MCP Streamable HTTP endpoint (point MCP Inspector / VS Code here)'],
      authorization_server_metadata_url: [`${baseUrl}${API_PATHS.authorizationServerMetadata}`, 'RFC 8414 metadata'],
      protected_resource_metadata_url: [`${baseUrl}${API_PATHS.protectedResourceMetadataForMcp}`, 'RFC 9728 metadata of /mcp'],
      registration_url: [`${baseUrl}${API_PATHS.register}`, 'RFC 7591 Dynamic Client Registration endpoint'],
      user_pool_id: [this.userPool.userPool.id, 'Cognito user pool id'],
      cognito_domain_url: [this.userPool.domainUrl, 'Cognito managed login base URL'],
      rest_api_stage_url: [this.restApi.stageInvokeUrl, 'REST API stage behind the front (for a custom domain later)'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, id, { value, description });
    if (this.userPool.cimdClient) {
      new TerraformOutput(this, 'cimd_client_id', {
        value: this.userPool.cimdClient.id,
        description: 'App client that CIMD clients (https client_id URLs matching the policy) are mapped to',
      });
    }
    if (this.userPool.preRegisteredClient) {
      new TerraformOutput(this, 'pre_registered_client_id', {
        value: this.userPool.preRegisteredClient.id,
        description: 'Pre-registered public client id',
      });
    }

    this.addressMoves(MCP_SERVER_ADDRESS_MOVES);
    this.addressRemovals(MCP_SERVER_ADDRESS_REMOVALS);
  }

  /**
   * `logTools.requireMfa`: Cognito cannot require MFA per scope, so with `cognito.mfa: OPTIONAL` a
   * pre token generation trigger keeps the log scope from users without MFA; with `ON` every user
   * has MFA and nothing is needed; with `OFF` nobody has it and the option is refused.
   */
  private logScopeMfaTrigger(settings: McpServerConfig, logScope: string | undefined): MfaScopeTrigger | undefined {
    if (!settings.logTools.requireMfa) return undefined;
    const field = this.configField('logTools', 'requireMfa');
    if (!logScope)
      throw new ValidationError(
        field,
        '[logTools.requireMfa] needs logTools.enabled: without the log tools there is no log scope',
      );
    if (settings.cognito.mfa === 'OFF') {
      throw new ValidationError(
        field,
        '[logTools.requireMfa] needs cognito.mfa "OPTIONAL" or "ON": with "OFF" no user can set up MFA',
      );
    }
    if (settings.cognito.mfa === 'ON') return undefined;
    if (settings.cognito.tier === 'LITE') {
      throw new ValidationError(
        field,
        '[logTools.requireMfa] needs cognito.tier "ESSENTIALS" or "PLUS" (access token customization), or cognito.mfa "ON"',
      );
    }
    return new MfaScopeTrigger(this, 'mfa-scope-trigger', {
      functionName: this.names.lambdaFunction('mfa-scope'),
      roleName: this.names.iamRole('mfa-scope'),
      guardedScopes: [logScope],
      logRetentionDays: settings.logRetentionDays,
    });
  }
}
