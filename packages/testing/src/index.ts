// The test toolkit of every package; see README.md.
export * from './engines';
export * from './hcl';
export * from './java';
export * from './moto';
export * from './proxy-event';
export * from './repo';
export * from './template';
export * from './local-exec';
export * from './cloudwatch';
export * from './aws-cli-forkserver';
export * from './line-server';
