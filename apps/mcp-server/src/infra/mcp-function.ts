import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import {
  AddressableProps,
  addressName,
  addressNameOf,
  ManagedLogGroup,
  ServiceRole,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import * as path from 'node:path';
// env.ts has no imports: synth must not load the MCP SDK.
import { HANDLER_ENV } from '../lambda/env';
import { bundledNodeFunction } from './bundled-node-function';

/** Where `npm run build` writes the bundle; two levels up from both src/infra and dist/infra. */
export const DEFAULT_BUNDLE_PATH = path.resolve(__dirname, '..', '..', 'dist', 'lambda', 'bundle.zip');

export interface McpFunctionProps extends AddressableProps {
  /** Function name (`ResourceNames.lambdaFunction` checks Lambda's rule). */
  readonly functionName: string;
  /** Execution role name (`ResourceNames.iamRole`). */
  readonly roleName: string;
  /** The scope every token must carry. */
  readonly requiredScope: string;
  /** `<public base URL>/.well-known/oauth-protected-resource`, for the handler's own 401/403 challenges. */
  readonly resourceMetadataUrl: string;
  /** Expected `iss` of access tokens. */
  readonly issuer: string;
  /**
   * The MCP endpoint URL (RFC 8707 resource); an access token that carries `aud` must name it.
   * @default no audience check
   */
  readonly resource?: string;
  /** Days to keep the function's logs (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** Memory in MB, 128-10240; the SDK and zod parse faster with the CPU share a larger size brings. @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds, 1-29 (the API Gateway integration limit); every tool answers in milliseconds. @default 10 */
  readonly timeout?: number;
  /** The zip to deploy. @default {@link DEFAULT_BUNDLE_PATH} */
  readonly bundlePath?: string;
  /** Additional environment variables (the log tools' `MCP_LOG_TOOLS`). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Concurrent executions reserved for the function, which are also the most it may run at once,
   * 1-1000 (Lambda: reserved concurrency). Requests beyond it are throttled (the REST API answers
   * them with a 5xx). @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * What the execution role may do, for the role's description; callers that grant more (the log
   * tools) say so. @default 'MCP tools Lambda: writes its own log group'
   */
  readonly roleDescription?: string;
}

/**
 * The MCP tools Lambda: Node.js 22 on arm64, the esbuild bundle shipped as a content-addressed
 * `TerraformAsset`, reserved concurrency, its own log group with retention, and a role that may
 * write there (and whatever callers grant it, e.g. the log tools' read access).
 * Addresses, for address name `n`: `aws_lambda_function.n`, `aws_iam_role.n` (+ policy),
 * `aws_cloudwatch_log_group.n`, `aws_lambda_permission.n_<permission id>`.
 */
export class McpFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: ServiceRole;
  readonly logGroup: ManagedLogGroup;
  /** The function's reserved concurrency: the most executions it runs at once. */
  readonly reservedConcurrency: number;
  /** Seconds an invocation may run. */
  readonly timeout: number;
  private readonly addressName: string;

  constructor(scope: Construct, id: string, props: McpFunctionProps) {
    super(scope, id);
    this.addressName = addressNameOf(id, props);
    const memorySize = props.memorySize ?? 256;
    const timeout = props.timeout ?? 10;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      throw new ValidationError(`${id}.memorySize`, '[lambda.memorySize] must be 128-10240 MB', memorySize);
    }
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 29) {
      // API Gateway REST integrations time out at 29 s; a longer Lambda would outlive its caller.
      throw new ValidationError(
        `${id}.timeout`,
        '[lambda.timeout] must be 1-29 seconds (the API Gateway integration limit)',
        timeout,
      );
    }
    this.reservedConcurrency = props.reservedConcurrency ?? 10;
    this.timeout = timeout;
    const parts = bundledNodeFunction(this, {
      addressName: this.addressName,
      field: id,
      bundlePath: props.bundlePath ?? DEFAULT_BUNDLE_PATH,
      functionName: props.functionName,
      description: 'MCP server tools (Streamable HTTP, stateless) behind API Gateway',
      handler: 'handler.handler',
      roleName: props.roleName,
      roleDescription: props.roleDescription ?? 'MCP tools Lambda: writes its own log group',
      memorySize,
      timeout,
      reservedConcurrency: this.reservedConcurrency,
      environment: {
        [HANDLER_ENV.requiredScope]: props.requiredScope,
        [HANDLER_ENV.resourceMetadataUrl]: props.resourceMetadataUrl,
        [HANDLER_ENV.issuer]: props.issuer,
        ...(props.resource ? { [HANDLER_ENV.resource]: props.resource } : {}),
        [HANDLER_ENV.logLevel]: 'info',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      logRetentionDays: props.logRetentionDays ?? 30,
      waitForPolicy: true,
    });
    this.fn = parts.fn;
    this.role = parts.role;
    this.logGroup = parts.logGroup;
  }

  get functionName(): string {
    return this.fn.functionName;
  }

  get invokeArn(): string {
    return this.fn.invokeArn;
  }

  /** Lets API Gateway invoke the function for requests matching `sourceArn` (an execute-api ARN pattern). */
  grantInvokeFromApiGateway(id: string, sourceArn: string): LambdaPermission {
    return setAddress(
      new LambdaPermission(this, id, {
        statementId: 'AllowApiGatewayInvoke',
        action: 'lambda:InvokeFunction',
        functionName: this.fn.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn,
      }),
      addressName(this.addressName, id),
    );
  }
}
