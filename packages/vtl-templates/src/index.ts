// The API Gateway mapping templates of the MCP server's OAuth layer; see README.md.
export * from './http-contract';
export * from './templates';
export * from './stage-variables';
export * from './headers';
export * from './schema';
export * from './redirect-policy';
export * from './cognito';
export * from './mcp-integration';
