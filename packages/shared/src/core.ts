// `@aws-log-mcp/shared/core`: the parts that load no cdktf code (errors, config, naming, ARNs,
// IAM statements and grants, Lake Formation permission names, cdktf token shapes), for the
// Lambda bundle and for packages that describe infrastructure without building it.
export * from './errors';
export * from './validation';
export * from './config/schema';
export * from './config/load';
export * from './config/json';
export * from './config/regions';
export * from './config/text-rules';
export * from './naming/rules';
export * from './naming/names';
export * from './arn';
export * from './iam/statement';
export * from './iam/actions';
export * from './iam/statements';
export * from './iam/grant';
export * from './lakeformation/permissions';
export * from './cdktf-compat/tokens';
export * from './cdktf-compat/template-escape';
export * from './cdktf-compat/hcl-format';
export * from './cloudwatch/email';
export * from './cloudwatch/metric';
export * from './cloudwatch/alarms-config';
