import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import {
  AddressableProps,
  addressName,
  addressNameOf,
  escapeForTerraform,
  ManagedLogGroup,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import type { Throttle } from './oauth-rest-api';

export interface HttpApiFrontProps extends AddressableProps {
  readonly apiName: string;
  /** `https://<rest api id>.execute-api.<region>.amazonaws.com/<stage>`, built from literals and the API id. */
  readonly restStageUrl: string;
  /** Paths forwarded to the REST stage, e.g. `/mcp`; each becomes an `ANY <path>` route. At least one. */
  readonly paths: readonly string[];
  readonly accessLogGroupName: string;
  /** Days to keep the access logs (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** Throttling of the `$default` stage; keep it at or above the REST stage's. @default 50 requests/s, burst 100 */
  readonly throttle?: Throttle;
  /**
   * HTTP API parameter mappings per path (`overwrite:header.<name>` → a static value or a
   * `$context` variable), e.g. the client address header of the registration rate limit.
   * @default none
   */
  readonly requestParameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * An HTTP API whose `$default` stage puts `/.well-known/...` at the host root, as RFC 8414/9728
 * clients require; REST API stages always add `/<stage>`. Each route forwards to the same path
 * on the REST stage. Replaceable by a custom domain on the REST API without touching the rest.
 * Addresses, for address name `n`: `aws_apigatewayv2_api.n`, `aws_apigatewayv2_stage.n`,
 * `aws_cloudwatch_log_group.n_access`, and per path `aws_apigatewayv2_integration.<path>` and
 * `aws_apigatewayv2_route.<path>` (the path in snake_case, e.g. `well_known_oauth_authorization_server`).
 */
export class HttpApiFront extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogs: ManagedLogGroup;

  constructor(scope: Construct, id: string, props: HttpApiFrontProps) {
    super(scope, id);
    if (props.paths.length === 0) throw new ValidationError(`${id}.paths`, '[apigatewayv2.routes] at least one path is required');
    for (const p of props.paths) {
      if (!/^(\/[A-Za-z0-9._-]+)+$/.test(p)) {
        throw new ValidationError(
          `${id}.paths`,
          '[apigatewayv2.routes] paths are /-separated segments of letters, digits and . _ -',
          p,
        );
      }
    }
    for (const p of Object.keys(props.requestParameters ?? {})) {
      if (!props.paths.includes(p))
        throw new ValidationError(`${id}.requestParameters`, '[apigatewayv2.parameterMapping] a path the front forwards', p);
    }
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const name = addressNameOf(id, props);

    // No CORS configuration here: the REST API's CORS headers (including on its gateway
    // responses) pass through unchanged, and HTTP API CORS would replace them.
    this.api = setAddress(
      new Apigatewayv2Api(this, 'api', {
        name: props.apiName,
        protocolType: 'HTTP',
        description: 'Public front of the MCP server: host-root paths forwarded to the REST API stage',
      }),
      name,
    );
    for (const path of props.paths) {
      const slug = path.replace(/[^A-Za-z0-9]+/g, '-');
      const integration = setAddress(
        new Apigatewayv2Integration(this, `integration${slug}`, {
          apiId: this.api.id,
          integrationType: 'HTTP_PROXY',
          integrationMethod: 'ANY',
          integrationUri: `${props.restStageUrl}${path}`,
          payloadFormatVersion: '1.0',
          timeoutMilliseconds: 29000,
          ...(props.requestParameters?.[path] ? { requestParameters: { ...props.requestParameters[path] } } : {}),
        }),
        addressName(path),
      );
      setAddress(
        new Apigatewayv2Route(this, `route${slug}`, {
          apiId: this.api.id,
          routeKey: `ANY ${path}`,
          target: `integrations/${integration.id}`,
        }),
        addressName(path),
      );
    }
    this.accessLogs = new ManagedLogGroup(this, 'access-logs', {
      addressName: `${name}_access`,
      name: props.accessLogGroupName,
      retentionInDays: props.logRetentionDays ?? 30,
    });
    this.stage = setAddress(
      new Apigatewayv2Stage(this, 'stage', {
        apiId: this.api.id,
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit },
        accessLogSettings: {
          destinationArn: this.accessLogs.arn,
          format: escapeForTerraform(
            JSON.stringify({
              requestId: '$context.requestId',
              // The client as the edge saw it: the TCP peer's address (an X-Forwarded-For the client
              // sends is not consulted) and its User-Agent.
              ip: '$context.identity.sourceIp',
              userAgent: '$context.identity.userAgent',
              requestTime: '$context.requestTimeEpoch',
              routeKey: '$context.routeKey',
              status: '$context.status',
              integrationStatus: '$context.integrationStatus',
              latency: '$context.responseLatency',
              error: '$context.error.message',
            }),
          ),
        },
      }),
      name,
    );
  }

  /** The public base URL (`https://<id>.execute-api.<region>.amazonaws.com`, no trailing slash). */
  get baseUrl(): string {
    return this.api.apiEndpoint;
  }
}
