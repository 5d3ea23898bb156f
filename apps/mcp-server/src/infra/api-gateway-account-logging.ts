import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { ServiceRole } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface ApiGatewayAccountLoggingProps {
  readonly roleName: string;
  readonly region: string;
  /** Account id (a token from `data.aws_caller_identity` is fine). */
  readonly accountId: string;
}

/**
 * The per-account, per-region CloudWatch role of API Gateway REST APIs. A stage with access
 * logging cannot be created until the account setting names one. It is shared by every REST
 * API in the region, so the stack creates it only when configured to (`manageApiGatewayAccountLogging`);
 * accounts that already have one keep theirs.
 */
export class ApiGatewayAccountLogging extends Construct {
  readonly role: ServiceRole;
  readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps) {
    super(scope, id);
    this.role = new ServiceRole(this, 'role', {
      roleName: props.roleName,
      servicePrincipal: 'apigateway.amazonaws.com',
      sourceAccount: props.accountId,
      description: 'API Gateway account setting: lets REST APIs in this region write their logs',
    });
    // The same actions as the AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs, limited to
    // this account and region: API Gateway names the groups itself (API-Gateway-Execution-Logs_*)
    // as well as writing to configured access log groups.
    this.role.addToPolicy({
      sid: 'PushApiGatewayLogs',
      actions: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
        'logs:PutLogEvents',
      ],
      resources: [`arn:aws:logs:${props.region}:${props.accountId}:*`],
    });
    this.account = new ApiGatewayAccount(this, 'account', {
      cloudwatchRoleArn: this.role.roleArn,
      dependsOn: this.role.policyResource ? [this.role.policyResource] : [],
    });
  }
}
