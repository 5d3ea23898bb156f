/**
 * Environment variables the stack sets on the function. Read once per container so a warm
 * invocation does no parsing.
 */
export const HANDLER_ENV = {
  requiredScope: 'MCP_REQUIRED_SCOPE',
  resourceMetadataUrl: 'MCP_RESOURCE_METADATA_URL',
  issuer: 'MCP_TOKEN_ISSUER',
  resource: 'MCP_RESOURCE',
  allowedOrigin: 'MCP_ALLOWED_ORIGIN',
  maxBodyBytes: 'MCP_MAX_BODY_BYTES',
  logLevel: 'LOG_LEVEL',
} as const;
