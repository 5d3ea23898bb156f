// `@aws-log-mcp/shared`: everything, cdktf constructs included. `@aws-log-mcp/shared/core` is the
// cdktf-free part; `@aws-log-mcp/shared/testing` holds test fixtures.
export * from './core';
export * from './tagging';
export * from './addresses';
export * from './provider/aws-provider';
export * from './provider/backend';
export * from './platform-stack';
export * from './stack-registrar';
export * from './iam/policy';
export * from './constructs/service-role';
export * from './constructs/managed-log-group';
export * from './constructs/secure-bucket';
export * from './lakeformation/table-grant';
export * from './local-exec/aws-cli';
export * from './cdktf-compat';
export * from './lakeformation/table-access';
export * from './cloudwatch/alarm-topic';
export * from './cloudwatch/metric-alarm';
export * from './cloudwatch/log-metric-filter';
export * from './cloudwatch/dashboard';
