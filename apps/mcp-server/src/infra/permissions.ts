/**
 * IAM action lists of the MCP server's constructs, as named constants (Service Authorization
 * Reference: Amazon Cognito user pools, Amazon CloudWatch Logs).
 */

/** Dynamic Client Registration: creating app clients in one user pool. */
export const COGNITO_CREATE_CLIENT_ACTIONS = ['cognito-idp:CreateUserPoolClient'] as const;

/** The log scope's MFA trigger: reading a user's MFA settings in one user pool. */
export const COGNITO_READ_USER_ACTIONS = ['cognito-idp:AdminGetUser'] as const;

/**
 * What API Gateway's account-level CloudWatch role needs to deliver execution and access logs: the
 * write and describe actions of the AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs
 * (which grants them on `*`). Its `logs:GetLogEvents` and `logs:FilterLogEvents` are left out:
 * they read log contents, and API Gateway only writes. API Gateway names its execution log groups
 * itself (`API-Gateway-Execution-Logs_<api id>/<stage>`) and writes access logs to whatever group
 * each stage names, for every REST API in the region, so the resource stays every log group of the
 * account and region. The describe actions reveal group and stream names, not events.
 */
export const APIGATEWAY_PUSH_LOGS_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
] as const;
