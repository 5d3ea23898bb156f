/**
 * IAM action lists of the MCP server's constructs, as named constants (Service Authorization
 * Reference: Amazon Cognito user pools, Amazon CloudWatch Logs).
 */

/** Dynamic Client Registration: creating app clients in one user pool. */
export const COGNITO_CREATE_CLIENT_ACTIONS = ['cognito-idp:CreateUserPoolClient'] as const;

/**
 * What API Gateway's account-level CloudWatch role does: the actions of the AWS managed policy
 * AmazonAPIGatewayPushToCloudWatchLogs. API Gateway names its execution log groups itself
 * (`API-Gateway-Execution-Logs_*`) as well as writing to configured access log groups.
 */
export const APIGATEWAY_PUSH_LOGS_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:PutLogEvents',
] as const;
