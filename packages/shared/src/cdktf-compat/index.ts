// Every workaround for a cdktf 0.21 rendering bug, in one folder; see README.md.
export * from './hcl-format';
export * from './hcl-strings';
export * from './jsonencode';
export * from './local-exec';
export * from './object-attributes';
export * from './s3-backend';
export * from './template-escape';
export * from './tokens';
export * from './moved-block';
export * from './hcl-check';
export * from './removed-block';
