import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { AddressableProps, addressNameOf, PlatformStack, ServiceRole, setAddress } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import { APIGATEWAY_PUSH_LOGS_ACTIONS } from './permissions';

export interface ApiGatewayAccountLoggingProps extends AddressableProps {
  /** Name of the CloudWatch role (`ResourceNames.iamRole`). */
  readonly roleName: string;
}

/**
 * The per-account, per-region CloudWatch role of API Gateway REST APIs. A stage with access
 * logging cannot be created until the account setting names one. It is shared by every REST
 * API in the region, so the stack creates it only when configured to (`manageApiGatewayAccountLogging`);
 * accounts that already have one keep theirs. Addresses: `aws_api_gateway_account.this`,
 * `aws_iam_role.<addressName>` (+ policy).
 */
export class ApiGatewayAccountLogging extends Construct {
  readonly role: ServiceRole;
  readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps) {
    super(scope, id);
    this.role = new ServiceRole(this, 'role', {
      addressName: addressNameOf(id, props),
      roleName: props.roleName,
      servicePrincipal: 'apigateway.amazonaws.com',
      description: 'API Gateway account setting: lets REST APIs in this region write their logs',
    });
    // The managed policy's write and describe actions (not its reads), limited to this account and region.
    this.role.addToPolicy({
      sid: 'PushApiGatewayLogs',
      actions: APIGATEWAY_PUSH_LOGS_ACTIONS,
      resources: [PlatformStack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', sep: ':' })],
    });
    this.account = setAddress(
      new ApiGatewayAccount(this, 'account', {
        cloudwatchRoleArn: this.role.roleArn,
        dependsOn: this.role.policyResource ? [this.role.policyResource] : [],
      }),
      'this',
    );
  }
}
