import { AthenaQueryRunner } from './athena-client';
import { logToolsSettingsFromEnv } from './settings';
import type { LogToolsOptions } from './tools';

/**
 * The log tools as the stack configured them (`MCP_LOG_TOOLS`), querying Athena in the
 * function's region (or `AWS_ENDPOINT_URL`); `undefined` when the variable is absent.
 */
export function logToolsFromEnv(env: NodeJS.ProcessEnv): LogToolsOptions | undefined {
  const settings = logToolsSettingsFromEnv(env);
  if (!settings) return undefined;
  return {
    settings,
    runner: new AthenaQueryRunner({
      workgroup: settings.workgroup,
      timeoutMs: settings.queryTimeoutSeconds * 1000,
      ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    }),
  };
}
