import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration, ApiGatewayIntegrationConfig } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod, ApiGatewayMethodConfig } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayModel } from '@cdktf/provider-aws/lib/api-gateway-model';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { ManagedLogGroup, ServiceRole, ValidationError } from '@aws-log-mcp/shared';
import {
  COGNITO_INTEGRATION_REQUEST_PARAMETERS,
  CONTENT_TYPE_JSON,
  cognitoCreateUserPoolClientUri,
  DCR_INTEGRATION_RESPONSES,
  DCR_METHOD_RESPONSE_STATUS_CODES,
  DCR_PASSTHROUGH_BEHAVIOR,
  dcrRequestModelSchema,
  escapeForTerraform,
  insufficientScopeHeaderValue,
  TemplateName,
  terraformTemplate,
  wwwAuthenticateHeaderValue,
} from '@aws-log-mcp/vtl-templates';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { DeploymentFingerprint } from './deployment-fingerprint';
import { hclSafeSelectionPattern, hclSafeString } from './hcl-safe';
import type { McpFunction } from './mcp-function';
import type { McpUserPool } from './mcp-user-pool';

/** Request headers MCP clients send cross-origin (MCP Inspector's direct mode runs in a browser). */
export const CORS_ALLOW_HEADERS = 'Authorization,Content-Type,Accept,Mcp-Protocol-Version,Mcp-Session-Id,Last-Event-ID';
/** Response headers a browser client must be able to read. */
export const CORS_EXPOSE_HEADERS = 'WWW-Authenticate,Mcp-Session-Id';

/** Paths under the REST stage (and, through the HTTP API front, under the host root). */
export const API_PATHS = {
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  protectedResourceMetadata: '/.well-known/oauth-protected-resource',
  /** RFC 9728 §3.1 path-suffixed form for the resource `/mcp`; MCP clients try it first. */
  protectedResourceMetadataForMcp: '/.well-known/oauth-protected-resource/mcp',
  register: '/register',
  mcp: '/mcp',
} as const;

/** Metadata documents change only on redeploy; five minutes keeps clients fresh enough. */
export const METADATA_CACHE_CONTROL = 'public, max-age=300';

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface OAuthRestApiProps {
  readonly apiName: string;
  readonly region: string;
  readonly accountId: string;
  /** Literal stage name; the HTTP API front builds its integration URIs from it. */
  readonly stageName: string;
  readonly userPool: McpUserPool;
  readonly mcpFunction: McpFunction;
  /** Stage variables the templates read (`stageVariables()` of the vtl-templates package). */
  readonly stageVariables: Record<string, string>;
  /** `<public base URL>/.well-known/oauth-protected-resource`, advertised in 401/403 challenges. */
  readonly resourceMetadataUrl: string;
  readonly registrationRoleName: string;
  readonly accessLogGroupName: string;
  readonly logRetentionDays?: number;
  /** Stage default throttling (default 50 rps, burst 100). */
  readonly defaultThrottle?: Throttle;
  /** POST /register throttling (default 1 rps, burst 5): each call creates a Cognito app client. */
  readonly registerThrottle?: Throttle;
  /**
   * Scopes any one of which admits a token to `/mcp` (default: the user pool's MCP scope). With
   * the log tools, their scope too; the Lambda re-checks per tool.
   */
  readonly mcpEndpointScopes?: readonly string[];
  /** Resources the stage must wait for, e.g. the API Gateway account's CloudWatch role setting. */
  readonly stageDependsOn?: readonly TerraformResource[];
}

const q = (value: string) => `'${value}'`;

/**
 * The regional REST API that fills Cognito's gaps: RFC 8414/9728 metadata from Mock
 * integrations, RFC 7591 registration mapped onto CreateUserPoolClient, and `/mcp` proxied to
 * the Lambda behind a Cognito authorizer that requires the MCP scope. All mapping templates
 * are the vtl-templates package's files; deploy-time values reach them as stage variables.
 */
export class OAuthRestApi extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly authorizer: ApiGatewayAuthorizer;
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;
  readonly accessLogs: ManagedLogGroup;
  readonly registrationRole: ServiceRole;
  readonly fingerprint = new DeploymentFingerprint();
  private readonly resources = new Map<string, ApiGatewayResource>();
  private readonly methods = new Map<string, ApiGatewayMethod>();
  private readonly integrations = new Map<string, ApiGatewayIntegration>();
  private readonly deployables: TerraformResource[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: OAuthRestApiProps,
  ) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(props.stageName)) {
      throw new ValidationError(
        `${id}.stageName`,
        '[apigateway.stageName] 1-128 letters, digits, hyphens and underscores',
        props.stageName,
      );
    }
    const defaultThrottle = checkThrottle(`${id}.defaultThrottle`, props.defaultThrottle ?? { rateLimit: 50, burstLimit: 100 });
    const registerThrottle = checkThrottle(`${id}.registerThrottle`, props.registerThrottle ?? { rateLimit: 1, burstLimit: 5 });
    const mcpScope = props.userPool.mcpScope;

    this.api = new ApiGatewayRestApi(this, 'api', {
      name: props.apiName,
      description: 'Remote MCP server: OAuth metadata, Dynamic Client Registration and the MCP endpoint',
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    this.fingerprint.add('api', { endpoint: 'REGIONAL' });

    this.authorizer = new ApiGatewayAuthorizer(this, 'cognito-authorizer', {
      restApiId: this.api.id,
      name: 'cognito-access-token',
      type: 'COGNITO_USER_POOLS',
      providerArns: [props.userPool.userPool.arn],
      identitySource: 'method.request.header.Authorization',
    });
    this.fingerprint.add('authorizer', { type: 'COGNITO_USER_POOLS', providerArns: [props.userPool.userPool.arn] });

    // Metadata: Mock integrations rendering the package's templates.
    const metadata: [string, TemplateName][] = [
      [API_PATHS.authorizationServerMetadata, 'authorization-server-metadata'],
      [API_PATHS.protectedResourceMetadata, 'protected-resource-metadata'],
      [API_PATHS.protectedResourceMetadataForMcp, 'protected-resource-metadata'],
    ];
    for (const [path, template] of metadata) {
      this.metadataMethod(path, template);
      this.corsPreflight(path, 'GET,OPTIONS');
    }

    // Dynamic Client Registration.
    this.registrationRole = new ServiceRole(this, 'registration-role', {
      roleName: props.registrationRoleName,
      servicePrincipal: 'apigateway.amazonaws.com',
      sourceAccount: props.accountId,
      description: 'API Gateway POST /register: CreateUserPoolClient on the MCP user pool only',
    });
    this.registrationRole.addToPolicy(props.userPool.grantCreateClient());
    this.registerMethod();
    this.corsPreflight(API_PATHS.register, 'POST,OPTIONS');

    // The MCP endpoint.
    for (const httpMethod of ['POST', 'GET', 'DELETE']) {
      this.method(API_PATHS.mcp, httpMethod, {
        authorization: 'COGNITO_USER_POOLS',
        authorizerId: this.authorizer.id,
        // Scopes on the method make the authorizer accept access tokens only (ID tokens carry no scope).
        authorizationScopes: [...(props.mcpEndpointScopes ?? [mcpScope])],
      });
      this.integration(API_PATHS.mcp, httpMethod, {
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: props.mcpFunction.invokeArn,
      });
    }
    this.corsPreflight(API_PATHS.mcp, 'GET,POST,DELETE,OPTIONS');
    props.mcpFunction.grantInvokeFromApiGateway(
      'invoke-from-rest-api',
      `${this.api.executionArn}/${props.stageName}/*${API_PATHS.mcp}`,
    );

    this.gatewayResponses(mcpScope);

    this.deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.api.id,
      description: 'Replaced whenever a resource, method, integration, template or gateway response changes',
      triggers: this.fingerprint.triggers(),
      lifecycle: { createBeforeDestroy: true },
      dependsOn: this.deployables,
    });

    this.accessLogs = new ManagedLogGroup(this, 'access-logs', {
      name: props.accessLogGroupName,
      retentionInDays: props.logRetentionDays ?? 30,
    });
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.api.id,
      deploymentId: this.deployment.id,
      stageName: props.stageName,
      variables: props.stageVariables,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: escapeForTerraform(JSON.stringify(ACCESS_LOG_FORMAT)) },
      ...(props.stageDependsOn?.length ? { dependsOn: [...props.stageDependsOn] } : {}),
    });
    new ApiGatewayMethodSettings(this, 'throttle-default', {
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: '*/*',
      settings: {
        throttlingRateLimit: defaultThrottle.rateLimit,
        throttlingBurstLimit: defaultThrottle.burstLimit,
        metricsEnabled: true,
      },
    });
    new ApiGatewayMethodSettings(this, 'throttle-register', {
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: 'register/POST',
      settings: {
        throttlingRateLimit: registerThrottle.rateLimit,
        throttlingBurstLimit: registerThrottle.burstLimit,
        metricsEnabled: true,
      },
    });
  }

  /** `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`, built without the stage resource. */
  get stageInvokeUrl(): string {
    return `https://${this.api.id}.execute-api.${this.props.region}.amazonaws.com/${this.props.stageName}`;
  }

  /** The resource for `path`, creating parents as needed. */
  private resource(path: string): ApiGatewayResource {
    const existing = this.resources.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parentPath = path.slice(0, cut);
    const parentId = parentPath ? this.resource(parentPath).id : this.api.rootResourceId;
    const pathPart = path.slice(cut + 1);
    const resource = new ApiGatewayResource(this, `resource${path.replace(/[^A-Za-z0-9]+/g, '-')}`, {
      restApiId: this.api.id,
      parentId,
      pathPart,
    });
    this.resources.set(path, resource);
    this.deployables.push(resource);
    this.fingerprint.add(`resource ${path}`, { pathPart });
    return resource;
  }

  private key(path: string, httpMethod: string): string {
    return `${httpMethod.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  }

  private methodFor(path: string, httpMethod: string): ApiGatewayMethod {
    const m = this.methods.get(this.key(path, httpMethod));
    if (!m) throw new Error(`internal: no ${httpMethod} ${path} method declared yet`);
    return m;
  }

  private integrationFor(path: string, httpMethod: string): ApiGatewayIntegration {
    const i = this.integrations.get(this.key(path, httpMethod));
    if (!i) throw new Error(`internal: no ${httpMethod} ${path} integration declared yet`);
    return i;
  }

  private method(path: string, httpMethod: string, config: Partial<ApiGatewayMethodConfig>): ApiGatewayMethod {
    const m = new ApiGatewayMethod(this, `method-${this.key(path, httpMethod)}`, {
      restApiId: this.api.id,
      resourceId: this.resource(path).id,
      httpMethod,
      authorization: 'NONE',
      ...config,
    });
    this.methods.set(this.key(path, httpMethod), m);
    this.deployables.push(m);
    this.fingerprint.add(`method ${httpMethod} ${path}`, { authorization: 'NONE', ...config });
    return m;
  }

  private integration(
    path: string,
    httpMethod: string,
    config: Partial<ApiGatewayIntegrationConfig> & { type: string },
  ): ApiGatewayIntegration {
    const i = new ApiGatewayIntegration(this, `integration-${this.key(path, httpMethod)}`, {
      restApiId: this.api.id,
      resourceId: this.resource(path).id,
      httpMethod,
      ...config,
      dependsOn: [this.methodFor(path, httpMethod)],
    });
    this.integrations.set(this.key(path, httpMethod), i);
    this.deployables.push(i);
    this.fingerprint.add(`integration ${httpMethod} ${path}`, config);
    return i;
  }

  private response(
    path: string,
    httpMethod: string,
    statusCode: string,
    headers: Record<string, string>,
    integration: { selectionPattern?: string; responseTemplates?: Record<string, string> },
  ): void {
    const key = this.key(path, httpMethod);
    const methodResponse = new ApiGatewayMethodResponse(this, `method-response-${key}-${statusCode}`, {
      restApiId: this.api.id,
      resourceId: this.resource(path).id,
      httpMethod,
      statusCode,
      responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, true])),
      dependsOn: [this.methodFor(path, httpMethod)],
    });
    const responseParameters = Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, q(v)]));
    const integrationResponse = new ApiGatewayIntegrationResponse(this, `integration-response-${key}-${statusCode}`, {
      restApiId: this.api.id,
      resourceId: this.resource(path).id,
      httpMethod,
      statusCode,
      responseParameters,
      ...integration,
      dependsOn: [methodResponse, this.integrationFor(path, httpMethod)],
    });
    this.deployables.push(methodResponse, integrationResponse);
    this.fingerprint.add(`response ${httpMethod} ${path} ${statusCode}`, { responseParameters, ...integration });
  }

  private metadataMethod(path: string, template: TemplateName): void {
    this.method(path, 'GET', {});
    this.integration(path, 'GET', {
      type: 'MOCK',
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('mock-integration-request') },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
    });
    this.response(
      path,
      'GET',
      '200',
      { 'Cache-Control': METADATA_CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' },
      { responseTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate(template) } },
    );
  }

  private registerMethod(): void {
    const model = new ApiGatewayModel(this, 'dcr-model', {
      restApiId: this.api.id,
      name: 'DynamicClientRegistrationRequest',
      contentType: CONTENT_TYPE_JSON,
      description: 'RFC 7591 client metadata accepted by POST /register',
      // Pretty-printed so cdktf renders it to HCL as a heredoc, where the schema's backslashes
      // (regex patterns) survive; a single-line string would lose them (see hcl-safe.ts).
      schema: escapeForTerraform(JSON.stringify(dcrRequestModelSchema, null, 2)),
    });
    const validator = new ApiGatewayRequestValidator(this, 'dcr-validator', {
      restApiId: this.api.id,
      name: 'validate-body',
      validateRequestBody: true,
      validateRequestParameters: false,
    });
    this.deployables.push(model, validator);
    this.fingerprint.add('model DynamicClientRegistrationRequest', { schema: dcrRequestModelSchema });
    this.fingerprint.add('validator validate-body', { body: true, parameters: false });

    this.method(API_PATHS.register, 'POST', {
      requestValidatorId: validator.id,
      requestModels: { [CONTENT_TYPE_JSON]: model.name },
    });
    this.integration(API_PATHS.register, 'POST', {
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: cognitoCreateUserPoolClientUri(this.props.region),
      credentials: this.registrationRole.roleArn,
      requestParameters: { ...COGNITO_INTEGRATION_REQUEST_PARAMETERS },
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('dcr-request') },
      passthroughBehavior: DCR_PASSTHROUGH_BEHAVIOR,
    });
    // RFC 7591 §3.2.1 responses carry credentials: never cached.
    const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' };
    const integrationStatuses = new Set<string>(DCR_INTEGRATION_RESPONSES.map((r) => r.statusCode));
    for (const spec of DCR_INTEGRATION_RESPONSES) {
      this.response(API_PATHS.register, 'POST', spec.statusCode, headers, {
        ...(spec.selectionPattern === undefined
          ? {}
          : { selectionPattern: hclSafeSelectionPattern(spec.selectionPattern, `${this.node.id}.selectionPattern`) }),
        responseTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate(spec.template) },
      });
    }
    // Statuses set only by dcr-error.vtl's responseOverride still need a method response.
    for (const status of DCR_METHOD_RESPONSE_STATUS_CODES.filter((s) => !integrationStatuses.has(s))) {
      const r = new ApiGatewayMethodResponse(this, `method-response-${this.key(API_PATHS.register, 'POST')}-${status}`, {
        restApiId: this.api.id,
        resourceId: this.resource(API_PATHS.register).id,
        httpMethod: 'POST',
        statusCode: status,
        responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, true])),
        dependsOn: [this.methodFor(API_PATHS.register, 'POST')],
      });
      this.deployables.push(r);
      this.fingerprint.add(`method-response POST ${API_PATHS.register} ${status}`, { headers: Object.keys(headers) });
    }
  }

  /** OPTIONS answered by a Mock integration, without authorization (browsers send no token on preflight). */
  private corsPreflight(path: string, methods: string): void {
    this.method(path, 'OPTIONS', {});
    this.integration(path, 'OPTIONS', {
      type: 'MOCK',
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('mock-integration-request') },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
    });
    this.response(
      path,
      'OPTIONS',
      '204',
      {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
      },
      {},
    );
  }

  private gatewayResponses(mcpScope: string): void {
    const cors = { 'Access-Control-Allow-Origin': q('*'), 'Access-Control-Expose-Headers': q(CORS_EXPOSE_HEADERS) };
    const field = `${this.node.id}.gatewayResponses`;
    const challenge = hclSafeString(
      wwwAuthenticateHeaderValue({ resourceMetadataUrl: this.props.resourceMetadataUrl, scope: mcpScope }),
      field,
    );
    const denied = hclSafeString(
      insufficientScopeHeaderValue({ resourceMetadataUrl: this.props.resourceMetadataUrl, scope: mcpScope }),
      field,
    );
    const specs: { type: string; status?: string; headers: Record<string, string>; template?: TemplateName }[] = [
      {
        type: 'UNAUTHORIZED',
        status: '401',
        headers: { ...cors, 'WWW-Authenticate': challenge },
        template: 'gateway-unauthorized',
      },
      {
        type: 'EXPIRED_TOKEN',
        status: '401',
        headers: { ...cors, 'WWW-Authenticate': challenge },
        template: 'gateway-unauthorized',
      },
      {
        type: 'ACCESS_DENIED',
        status: '403',
        headers: { ...cors, 'WWW-Authenticate': denied },
        template: 'gateway-access-denied',
      },
      // REST APIs answer unknown paths with MISSING_AUTHENTICATION_TOKEN (403); it means "no such
      // route". Only the status changes: every body template comes from the vtl-templates package.
      { type: 'MISSING_AUTHENTICATION_TOKEN', status: '404', headers: cors },
      { type: 'BAD_REQUEST_BODY', status: '400', headers: cors, template: 'gateway-bad-request-body' },
      { type: 'DEFAULT_4XX', headers: cors },
      { type: 'DEFAULT_5XX', headers: cors },
    ];
    for (const spec of specs) {
      const responseParameters = Object.fromEntries(
        Object.entries(spec.headers).map(([h, v]) => [`gatewayresponse.header.${h}`, v]),
      );
      const responseTemplates = spec.template ? { [CONTENT_TYPE_JSON]: terraformTemplate(spec.template) } : undefined;
      const r = new ApiGatewayGatewayResponse(this, `gateway-response-${spec.type.toLowerCase().replace(/_/g, '-')}`, {
        restApiId: this.api.id,
        responseType: spec.type,
        ...(spec.status ? { statusCode: spec.status } : {}),
        responseParameters,
        ...(responseTemplates ? { responseTemplates } : {}),
      });
      this.deployables.push(r);
      this.fingerprint.add(`gateway-response ${spec.type}`, { status: spec.status, responseParameters, responseTemplates });
    }
  }
}

/** One JSON object per request in the access log; no request bodies or tokens. */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  latency: '$context.responseLatency',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  clientId: '$context.authorizer.claims.client_id',
  sub: '$context.authorizer.claims.sub',
};

function checkThrottle(field: string, t: Throttle): Throttle {
  if (!(t.rateLimit > 0) || !Number.isInteger(t.burstLimit) || t.burstLimit < 1) {
    throw new ValidationError(field, '[apigateway.throttle] rateLimit must be > 0 and burstLimit a whole number >= 1', t);
  }
  return t;
}
