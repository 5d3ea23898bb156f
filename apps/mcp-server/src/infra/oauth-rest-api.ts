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
import {
  addressName,
  escapeForTerraform,
  hclSafeSelectionPattern,
  hclSafeString,
  ManagedLogGroup,
  PlatformStack,
  ServiceRole,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import {
  API_PATHS,
  ApiPathName,
  COGNITO_INTEGRATION_REQUEST_PARAMETERS,
  CONTENT_TYPE_JSON,
  cognitoCreateUserPoolClientUri,
  CORS_RESPONSE_HEADERS,
  DCR_INTEGRATION_RESPONSES,
  DCR_METHOD_RESPONSE_STATUS_CODES,
  DCR_PASSTHROUGH_BEHAVIOR,
  dcrRequestModelSchema,
  insufficientScopeHeaderValue,
  MCP_INTEGRATION,
  MCP_METHOD_RESPONSE_STATUS_CODES,
  MCP_RESPONSE_HEADERS,
  METADATA_RESPONSE_HEADERS,
  preflightHeaders,
  REGISTRATION_RESPONSE_HEADERS,
  TemplateName,
  terraformTemplate,
  wwwAuthenticateHeaderValue,
} from '@aws-log-mcp/vtl-templates';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { DeploymentFingerprint } from './deployment-fingerprint';
import type { McpFunction } from './mcp-function';
import type { McpUserPool } from './mcp-user-pool';

/** API Gateway throttling of a stage or method. */
export interface Throttle {
  /** Steady-state requests per second, > 0. */
  readonly rateLimit: number;
  /** Token-bucket burst size, a whole number >= 1. */
  readonly burstLimit: number;
}

export interface OAuthRestApiProps {
  readonly apiName: string;
  /** Literal stage name; the HTTP API front builds its integration URIs from it. */
  readonly stageName: string;
  readonly userPool: McpUserPool;
  readonly mcpFunction: McpFunction;
  /** Stage variables the templates read (`stageVariables()` of the vtl-templates package). */
  readonly stageVariables: Record<string, string>;
  /** `<public base URL>/.well-known/oauth-protected-resource`, advertised in 401/403 challenges. */
  readonly resourceMetadataUrl: string;
  /** Name of the role API Gateway calls CreateUserPoolClient with (`ResourceNames.iamRole`). */
  readonly registrationRoleName: string;
  readonly accessLogGroupName: string;
  /** Days to keep the access logs (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** Stage default throttling. @default 50 requests/s, burst 100 */
  readonly defaultThrottle?: Throttle;
  /** POST /register throttling: each call creates a Cognito app client. @default 1 request/s, burst 5 */
  readonly registerThrottle?: Throttle;
  /**
   * POST /mcp throttling: every JSON-RPC message, so every tool call and log query.
   * @default 10 requests/s, burst 20
   */
  readonly mcpThrottle?: Throttle;
  /**
   * Scopes any one of which admits a token to `/mcp`. With the log tools, their scope too; the
   * Lambda re-checks per tool.
   * @default the user pool's MCP scope
   */
  readonly mcpEndpointScopes?: readonly string[];
  /**
   * Require an API key on `POST /register`, so only the front (which sends it) reaches Cognito;
   * see `RegistrationRateLimit`. @default false
   */
  readonly registerApiKeyRequired?: boolean;
  /** Resources the stage must wait for, e.g. the API Gateway account's CloudWatch role setting. @default none */
  readonly stageDependsOn?: readonly TerraformResource[];
}

const q = (value: string) => `'${value}'`;

/**
 * The regional REST API that fills Cognito's gaps: RFC 8414/9728 metadata from Mock
 * integrations, RFC 7591 registration mapped onto CreateUserPoolClient, and `/mcp` proxied to
 * the Lambda behind a Cognito authorizer that requires the MCP scope. All mapping templates
 * are the vtl-templates package's files; deploy-time values reach them as stage variables, and
 * paths and headers come from its HTTP contract.
 *
 * Addresses: `aws_api_gateway_rest_api.this`, `aws_api_gateway_deployment.this`,
 * `aws_api_gateway_stage.this`, `aws_api_gateway_authorizer.cognito`,
 * `aws_cloudwatch_log_group.rest_access`, `aws_iam_role.registration` (+ policy),
 * `aws_api_gateway_model.dcr_request`, `aws_api_gateway_request_validator.body`,
 * `aws_api_gateway_method_settings.all`, `.register_post` and `.mcp_post`, `aws_api_gateway_gateway_response.<type>`,
 * and per path `<p>` (snake_case), method `<m>` and status `<s>`: `aws_api_gateway_resource.<p>`,
 * `aws_api_gateway_method.<p>_<m>`, `aws_api_gateway_integration.<p>_<m>`,
 * `aws_api_gateway_method_response.<p>_<m>_<s>`, `aws_api_gateway_integration_response.<p>_<m>_<s>`.
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
  private readonly stack: PlatformStack;

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
    const mcpThrottle = checkThrottle(`${id}.mcpThrottle`, props.mcpThrottle ?? { rateLimit: 10, burstLimit: 20 });
    const mcpScope = props.userPool.mcpScope;
    this.stack = PlatformStack.of(this);

    this.api = setAddress(
      new ApiGatewayRestApi(this, 'api', {
        name: props.apiName,
        description: 'Remote MCP server: OAuth metadata, Dynamic Client Registration and the MCP endpoint',
        endpointConfiguration: { types: ['REGIONAL'] },
        // Should the API ever be replaced, the new one is up before the old one goes, so the
        // front keeps an API to forward to (checkov CKV_AWS_237).
        lifecycle: { createBeforeDestroy: true },
      }),
      'this',
    );
    this.fingerprint.add('api', { endpoint: 'REGIONAL' });

    this.authorizer = setAddress(
      new ApiGatewayAuthorizer(this, 'cognito-authorizer', {
        restApiId: this.api.id,
        name: 'cognito-access-token',
        type: 'COGNITO_USER_POOLS',
        providerArns: [props.userPool.userPool.arn],
        identitySource: 'method.request.header.Authorization',
      }),
      'cognito',
    );
    this.fingerprint.add('authorizer', { type: 'COGNITO_USER_POOLS', providerArns: [props.userPool.userPool.arn] });

    // Metadata: Mock integrations rendering the package's templates.
    const metadata: [ApiPathName, TemplateName][] = [
      ['authorizationServerMetadata', 'authorization-server-metadata'],
      ['protectedResourceMetadata', 'protected-resource-metadata'],
      ['protectedResourceMetadataForMcp', 'protected-resource-metadata'],
    ];
    for (const [path, template] of metadata) {
      this.metadataMethod(API_PATHS[path], template);
      this.corsPreflight(path);
    }

    // Dynamic Client Registration.
    this.registrationRole = new ServiceRole(this, 'registration-role', {
      addressName: 'registration',
      roleName: props.registrationRoleName,
      servicePrincipal: 'apigateway.amazonaws.com',
      description: 'API Gateway POST /register: CreateUserPoolClient on the MCP user pool only',
      // Only this REST API (and, by the default aws:SourceAccount condition, this account) may have
      // API Gateway assume the role: another account's API naming this role ARN is refused.
      sourceArn: `${this.api.executionArn}/*`,
    });
    props.userPool.grantCreateClient(this.registrationRole);
    this.registerMethod();
    this.corsPreflight('register');

    // The authorization endpoint MCP clients are sent to: a Mock that normalizes the request and redirects to Cognito.
    this.authorizeMethod();
    this.corsPreflight('authorize');

    // The MCP endpoint, its methods in the order the deployment fingerprint has always recorded them. A non-proxy
    // Lambda integration (MCP_INTEGRATION): a proxy one would rename the handler's WWW-Authenticate challenges.
    for (const httpMethod of ['POST', 'GET', 'DELETE']) {
      this.method(API_PATHS.mcp, httpMethod, {
        authorization: 'COGNITO_USER_POOLS',
        authorizerId: this.authorizer.id,
        // Scopes on the method make the authorizer accept access tokens only (ID tokens carry no scope).
        authorizationScopes: [...(props.mcpEndpointScopes ?? [mcpScope])],
      });
      // Addressed `mcp_<method>_template`, not `mcp_<method>`: the proxy-era integration there is forgotten, not
      // replaced (MCP_SERVER_ADDRESS_REMOVALS), since its delete would remove this one's settings.
      this.integration(
        API_PATHS.mcp,
        httpMethod,
        {
          type: MCP_INTEGRATION.type,
          integrationHttpMethod: MCP_INTEGRATION.integrationHttpMethod,
          uri: props.mcpFunction.invokeArn,
          passthroughBehavior: MCP_INTEGRATION.passthroughBehavior,
          requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate(MCP_INTEGRATION.requestTemplate) },
        },
        addressName(API_PATHS.mcp, httpMethod, 'template'),
      );
      this.lambdaResponses(API_PATHS.mcp, httpMethod);
    }
    this.corsPreflight('mcp');
    props.mcpFunction.grantInvokeFromApiGateway(
      'invoke-from-rest-api',
      `${this.api.executionArn}/${props.stageName}/*${API_PATHS.mcp}`,
    );

    this.gatewayResponses(mcpScope);

    this.deployment = setAddress(
      new ApiGatewayDeployment(this, 'deployment', {
        restApiId: this.api.id,
        description: 'Replaced whenever a resource, method, integration, template or gateway response changes',
        triggers: this.fingerprint.triggers(),
        lifecycle: { createBeforeDestroy: true },
        dependsOn: this.deployables,
      }),
      'this',
    );

    this.accessLogs = new ManagedLogGroup(this, 'access-logs', {
      addressName: 'rest_access',
      name: props.accessLogGroupName,
      retentionInDays: props.logRetentionDays ?? 30,
    });
    this.stage = setAddress(
      new ApiGatewayStage(this, 'stage', {
        restApiId: this.api.id,
        deploymentId: this.deployment.id,
        stageName: props.stageName,
        variables: props.stageVariables,
        accessLogSettings: { destinationArn: this.accessLogs.arn, format: escapeForTerraform(JSON.stringify(ACCESS_LOG_FORMAT)) },
        ...(props.stageDependsOn?.length ? { dependsOn: [...props.stageDependsOn] } : {}),
      }),
      'this',
    );
    setAddress(
      new ApiGatewayMethodSettings(this, 'throttle-default', {
        restApiId: this.api.id,
        stageName: this.stage.stageName,
        methodPath: '*/*',
        settings: {
          throttlingRateLimit: defaultThrottle.rateLimit,
          throttlingBurstLimit: defaultThrottle.burstLimit,
          metricsEnabled: true,
        },
      }),
      'all',
    );
    setAddress(
      new ApiGatewayMethodSettings(this, 'throttle-register', {
        restApiId: this.api.id,
        stageName: this.stage.stageName,
        methodPath: 'register/POST',
        settings: {
          throttlingRateLimit: registerThrottle.rateLimit,
          throttlingBurstLimit: registerThrottle.burstLimit,
          metricsEnabled: true,
        },
      }),
      'register_post',
    );
    setAddress(
      new ApiGatewayMethodSettings(this, 'throttle-mcp', {
        restApiId: this.api.id,
        stageName: this.stage.stageName,
        methodPath: 'mcp/POST',
        settings: {
          throttlingRateLimit: mcpThrottle.rateLimit,
          throttlingBurstLimit: mcpThrottle.burstLimit,
          metricsEnabled: true,
        },
      }),
      'mcp_post',
    );
  }

  /** `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`, built without the stage resource. */
  get stageInvokeUrl(): string {
    return `https://${this.api.id}.execute-api.${this.stack.region}.amazonaws.com/${this.props.stageName}`;
  }

  /** The resource for `path`, creating parents as needed. */
  private resource(path: string): ApiGatewayResource {
    const existing = this.resources.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parentPath = path.slice(0, cut);
    const parentId = parentPath ? this.resource(parentPath).id : this.api.rootResourceId;
    const pathPart = path.slice(cut + 1);
    const resource = setAddress(
      new ApiGatewayResource(this, `resource${path.replace(/[^A-Za-z0-9]+/g, '-')}`, {
        restApiId: this.api.id,
        parentId,
        pathPart,
      }),
      addressName(path),
    );
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
    const m = setAddress(
      new ApiGatewayMethod(this, `method-${this.key(path, httpMethod)}`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod,
        authorization: 'NONE',
        ...config,
      }),
      addressName(path, httpMethod),
    );
    this.methods.set(this.key(path, httpMethod), m);
    this.deployables.push(m);
    this.fingerprint.add(`method ${httpMethod} ${path}`, { authorization: 'NONE', ...config });
    return m;
  }

  private integration(
    path: string,
    httpMethod: string,
    config: Partial<ApiGatewayIntegrationConfig> & { type: string },
    address = addressName(path, httpMethod),
  ): ApiGatewayIntegration {
    const i = setAddress(
      new ApiGatewayIntegration(this, `integration-${this.key(path, httpMethod)}`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod,
        ...config,
        dependsOn: [this.methodFor(path, httpMethod)],
      }),
      address,
    );
    this.integrations.set(this.key(path, httpMethod), i);
    this.deployables.push(i);
    this.fingerprint.add(`integration ${httpMethod} ${path}`, config);
    return i;
  }

  private response(
    path: string,
    httpMethod: string,
    statusCode: string,
    headers: Readonly<Record<string, string>>,
    integration: { selectionPattern?: string; responseTemplates?: Record<string, string> },
  ): void {
    const key = this.key(path, httpMethod);
    const methodResponse = this.methodResponse(path, httpMethod, statusCode, headers);
    const responseParameters = Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, q(v)]));
    const integrationResponse = setAddress(
      new ApiGatewayIntegrationResponse(this, `integration-response-${key}-${statusCode}`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod,
        statusCode,
        responseParameters,
        ...integration,
        dependsOn: [methodResponse, this.integrationFor(path, httpMethod)],
      }),
      addressName(path, httpMethod, statusCode),
    );
    this.deployables.push(methodResponse, integrationResponse);
    this.fingerprint.add(`response ${httpMethod} ${path} ${statusCode}`, { responseParameters, ...integration });
  }

  /** A method response declaring `headers`; the caller adds it to the deployables. */
  private methodResponse(
    path: string,
    httpMethod: string,
    statusCode: string,
    headers: Readonly<Record<string, string>>,
  ): ApiGatewayMethodResponse {
    return setAddress(
      new ApiGatewayMethodResponse(this, `method-response-${this.key(path, httpMethod)}-${statusCode}`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod,
        statusCode,
        responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, true])),
        dependsOn: [this.methodFor(path, httpMethod)],
      }),
      addressName(path, httpMethod, statusCode),
    );
  }

  private metadataMethod(path: string, template: TemplateName): void {
    this.method(path, 'GET', {});
    this.integration(path, 'GET', {
      type: 'MOCK',
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('mock-integration-request') },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
    });
    this.response(path, 'GET', '200', METADATA_RESPONSE_HEADERS, {
      responseTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate(template) },
    });
  }

  private registerMethod(): void {
    const model = setAddress(
      new ApiGatewayModel(this, 'dcr-model', {
        restApiId: this.api.id,
        name: 'DynamicClientRegistrationRequest',
        contentType: CONTENT_TYPE_JSON,
        description: 'RFC 7591 client metadata accepted by POST /register',
        // Pretty-printed so cdktf renders it to HCL as a heredoc, where the schema's backslashes
        // (regex patterns) survive; a single-line string would lose them (see hclSafeString).
        schema: escapeForTerraform(JSON.stringify(dcrRequestModelSchema, null, 2)),
      }),
      'dcr_request',
    );
    const validator = setAddress(
      new ApiGatewayRequestValidator(this, 'dcr-validator', {
        restApiId: this.api.id,
        name: 'validate-body',
        validateRequestBody: true,
        validateRequestParameters: false,
      }),
      'body',
    );
    this.deployables.push(model, validator);
    this.fingerprint.add('model DynamicClientRegistrationRequest', { schema: dcrRequestModelSchema });
    this.fingerprint.add('validator validate-body', { body: true, parameters: false });

    this.method(API_PATHS.register, 'POST', {
      requestValidatorId: validator.id,
      requestModels: { [CONTENT_TYPE_JSON]: model.name },
      ...(this.props.registerApiKeyRequired ? { apiKeyRequired: true } : {}),
    });
    this.integration(API_PATHS.register, 'POST', {
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: cognitoCreateUserPoolClientUri(this.stack.region, this.stack.partition),
      credentials: this.registrationRole.roleArn,
      requestParameters: { ...COGNITO_INTEGRATION_REQUEST_PARAMETERS },
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('dcr-request') },
      passthroughBehavior: DCR_PASSTHROUGH_BEHAVIOR,
    });
    // RFC 7591 §3.2.1 responses carry credentials: never cached.
    const headers = REGISTRATION_RESPONSE_HEADERS;
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
      this.deployables.push(this.methodResponse(API_PATHS.register, 'POST', status, headers));
      this.fingerprint.add(`method-response POST ${API_PATHS.register} ${status}`, { headers: Object.keys(headers) });
    }
  }

  /**
   * The integration response of a non-proxy Lambda method: one default response (function errors included) whose
   * template sets status and headers from the handler's result, and a method response for each status it can set,
   * declaring the headers it passes.
   */
  private lambdaResponses(path: string, httpMethod: string): void {
    const headers = Object.keys(MCP_RESPONSE_HEADERS);
    const methodResponses = MCP_METHOD_RESPONSE_STATUS_CODES.map((status) => {
      const r = this.methodResponse(path, httpMethod, status, Object.fromEntries(headers.map((h) => [h, ''])));
      this.fingerprint.add(`method-response ${httpMethod} ${path} ${status}`, { headers });
      return r;
    });
    const responseTemplates = { [CONTENT_TYPE_JSON]: terraformTemplate(MCP_INTEGRATION.responseTemplate) };
    const integrationResponse = setAddress(
      new ApiGatewayIntegrationResponse(this, `integration-response-${this.key(path, httpMethod)}-200`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod,
        statusCode: '200',
        responseTemplates,
        dependsOn: [...methodResponses, this.integrationFor(path, httpMethod)],
      }),
      addressName(path, httpMethod, '200'),
    );
    this.deployables.push(...methodResponses, integrationResponse);
    this.fingerprint.add(`response ${httpMethod} ${path} 200`, { responseTemplates });
  }

  /**
   * GET /authorize: a Mock whose integration response (authorize-redirect.vtl) answers 302 to Cognito's authorize
   * endpoint with a normalized query, or 400. Never cached: the query carries state and the PKCE challenge. The
   * template is keyed for JSON and HTML, so a browser's Accept header always selects it.
   */
  private authorizeMethod(): void {
    const path = API_PATHS.authorize;
    this.method(path, 'GET', {});
    this.integration(path, 'GET', {
      type: 'MOCK',
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('mock-integration-request') },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
    });
    const noStore = { 'Cache-Control': 'no-store' };
    const declared = [
      this.methodResponse(path, 'GET', '302', { Location: '', ...noStore }),
      this.methodResponse(path, 'GET', '400', noStore),
    ];
    const responseParameters = { 'method.response.header.Cache-Control': q('no-store') };
    const template = terraformTemplate('authorize-redirect');
    const responseTemplates = { [CONTENT_TYPE_JSON]: template, 'text/html': template };
    const integrationResponse = setAddress(
      new ApiGatewayIntegrationResponse(this, `integration-response-${this.key(path, 'GET')}-302`, {
        restApiId: this.api.id,
        resourceId: this.resource(path).id,
        httpMethod: 'GET',
        statusCode: '302',
        responseParameters,
        responseTemplates,
        dependsOn: [...declared, this.integrationFor(path, 'GET')],
      }),
      addressName(path, 'GET', '302'),
    );
    this.deployables.push(...declared, integrationResponse);
    this.fingerprint.add(`response GET ${path} 302`, { responseParameters, responseTemplates, declared: ['302', '400'] });
  }

  /** OPTIONS answered by a Mock integration, without authorization (browsers send no token on preflight). */
  private corsPreflight(name: ApiPathName): void {
    const path = API_PATHS[name];
    this.method(path, 'OPTIONS', {});
    this.integration(path, 'OPTIONS', {
      type: 'MOCK',
      requestTemplates: { [CONTENT_TYPE_JSON]: terraformTemplate('mock-integration-request') },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
    });
    this.response(path, 'OPTIONS', '204', preflightHeaders(name), {});
  }

  private gatewayResponses(mcpScope: string): void {
    const cors = Object.fromEntries(Object.entries(CORS_RESPONSE_HEADERS).map(([h, v]) => [h, q(v)]));
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
      const r = setAddress(
        new ApiGatewayGatewayResponse(this, `gateway-response-${spec.type.toLowerCase().replace(/_/g, '-')}`, {
          restApiId: this.api.id,
          responseType: spec.type,
          ...(spec.status ? { statusCode: spec.status } : {}),
          responseParameters,
          ...(responseTemplates ? { responseTemplates } : {}),
        }),
        addressName(spec.type),
      );
      this.deployables.push(r);
      this.fingerprint.add(`gateway-response ${spec.type}`, { status: spec.status, responseParameters, responseTemplates });
    }
  }
}

/** One JSON object per request in the access log; no request bodies or tokens. */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  // The immediate caller: the front's address when the request came through it (the client's is
  // in the front's access log and in the header WAF counts); the User-Agent is the client's.
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  latency: '$context.responseLatency',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  waf: '$context.wafResponseCode',
  clientId: '$context.authorizer.claims.client_id',
  sub: '$context.authorizer.claims.sub',
};

function checkThrottle(field: string, t: Throttle): Throttle {
  if (!(t.rateLimit > 0) || !Number.isInteger(t.burstLimit) || t.burstLimit < 1) {
    throw new ValidationError(field, '[apigateway.throttle] rateLimit must be > 0 and burstLimit a whole number >= 1', t);
  }
  return t;
}
