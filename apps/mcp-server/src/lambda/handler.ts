import { createMcpHandler, DEFAULT_MAX_BODY_BYTES } from './mcp-handler';
import { Logger, parseLogLevel } from './log';

/**
 * Environment variables the stack sets on the function. Read once per container so a warm
 * invocation does no parsing.
 */
export const HANDLER_ENV = {
  requiredScope: 'MCP_REQUIRED_SCOPE',
  resourceMetadataUrl: 'MCP_RESOURCE_METADATA_URL',
  issuer: 'MCP_TOKEN_ISSUER',
  allowedOrigin: 'MCP_ALLOWED_ORIGIN',
  maxBodyBytes: 'MCP_MAX_BODY_BYTES',
  logLevel: 'LOG_LEVEL',
} as const;

const env = process.env;
const maxBody = Number(env[HANDLER_ENV.maxBodyBytes]);

/** The Lambda entry point (`handler.handler`). */
export const handler = createMcpHandler({
  // Fails closed: without configuration no token carries this scope.
  requiredScope: env[HANDLER_ENV.requiredScope] || 'mcp/unconfigured',
  resourceMetadataUrl: env[HANDLER_ENV.resourceMetadataUrl] || undefined,
  issuer: env[HANDLER_ENV.issuer] || undefined,
  allowedOrigin: env[HANDLER_ENV.allowedOrigin] || '*',
  maxBodyBytes: Number.isInteger(maxBody) && maxBody > 0 ? maxBody : DEFAULT_MAX_BODY_BYTES,
  logger: new Logger(parseLogLevel(env[HANDLER_ENV.logLevel])),
});
