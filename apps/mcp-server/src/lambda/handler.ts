import { createMcpHandler, DEFAULT_MAX_BODY_BYTES } from './mcp-handler';
import { HANDLER_ENV } from './env';
import { Logger, parseLogLevel } from './log';
import { logToolsFromEnv } from './logs/from-env';

const env = process.env;
const maxBody = Number(env[HANDLER_ENV.maxBodyBytes]);

/** The Lambda entry point (`handler.handler`). */
export const handler = createMcpHandler({
  // Fails closed: without configuration no token carries this scope.
  requiredScope: env[HANDLER_ENV.requiredScope] || 'mcp/unconfigured',
  resourceMetadataUrl: env[HANDLER_ENV.resourceMetadataUrl] || undefined,
  issuer: env[HANDLER_ENV.issuer] || undefined,
  resource: env[HANDLER_ENV.resource] || undefined,
  allowedOrigin: env[HANDLER_ENV.allowedOrigin] || '*',
  maxBodyBytes: Number.isInteger(maxBody) && maxBody > 0 ? maxBody : DEFAULT_MAX_BODY_BYTES,
  logger: new Logger(parseLogLevel(env[HANDLER_ENV.logLevel])),
  logTools: logToolsFromEnv(env),
});
