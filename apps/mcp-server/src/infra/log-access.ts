import {
  athenaTableName,
  LogPlatformLocation,
  logPlatformLocation,
  logTableReadAccess,
  LogSchema,
  ROLE_COLUMNS,
  s3BucketArn,
} from '@aws-log-mcp/log-contract';
import { EnvironmentConfig, grantTableAccess, IGrantable, PlatformStack, TableGrant, ValidationError } from '@aws-log-mcp/shared';
import type { LogToolsConfig } from '../log-tools-config';
import { LOG_TOOLS_ENV, LogToolsSettings, LogToolsSettingsSchema } from '../lambda/logs/settings';

/** The log platform's resources the log tools query, for one environment (they only read: no stream). */
export type LogReadLocation = Omit<LogPlatformLocation, 'streamName'>;

/**
 * Where the log platform of `config`'s environment keeps its table, workgroup and results.
 * `derived` asks the log contract (`logPlatformLocation`, the definition the log platform's stack
 * uses), so the MCP stack needs no remote state and plans alone; `explicit` takes the names from
 * `logTools.explicit`, which the config schema checked against the same naming rules.
 */
export function resolveLogReadLocation(config: EnvironmentConfig, logTools: LogToolsConfig, accountId: string): LogReadLocation {
  if (logTools.source === 'derived') return logPlatformLocation(config, accountId);
  const e = logTools.explicit;
  if (!e) {
    // The config schema refuses this combination; kept for callers that skip it.
    throw new ValidationError(
      `environments.${config.name}.apps.mcp-server.logTools.explicit`,
      '[logTools.explicit] source "explicit" needs the explicit location',
    );
  }
  return { ...e, schema: LogSchema.withExtraColumns(e.extraColumns) };
}

/** Lambda's limit on all environment variables together is 4 KB; this leaves room for the others. */
export const MAX_LOG_TOOLS_ENV_BYTES = 3072;

/** What the Lambda needs to build and run the queries: names, the contract's columns, limits. */
export function logToolsSettings(location: LogReadLocation, cfg: LogToolsConfig, scope: string): LogToolsSettings {
  return {
    scope,
    workgroup: location.workgroup,
    table: athenaTableName(location),
    columns: location.schema.columns.map((c) => [c.name, c.type, c.description] as const),
    roles: { ...ROLE_COLUMNS },
    maxWindowHours: cfg.maxWindowHours,
    maxLimit: cfg.maxLimit,
    queryTimeoutSeconds: cfg.queryTimeoutSeconds,
  };
}

/**
 * The function's environment for the log tools: `MCP_LOG_TOOLS` as JSON, validated with the
 * schema the Lambda parses it with. Descriptions are dropped when the contract (many extra
 * columns) would not fit Lambda's environment limit; if it still does not fit, synth fails.
 */
export function logToolsEnvironment(settings: LogToolsSettings, field: string): Record<string, string> {
  const parsed = LogToolsSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ValidationError(
      field,
      `[logTools.settings] ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  let json = JSON.stringify(settings);
  if (Buffer.byteLength(json) > MAX_LOG_TOOLS_ENV_BYTES) {
    json = JSON.stringify({ ...settings, columns: settings.columns.map(([n, t]) => [n, t, '']) });
  }
  if (Buffer.byteLength(json) > MAX_LOG_TOOLS_ENV_BYTES) {
    throw new ValidationError(
      field,
      `[logTools.environmentSize] the log table contract does not fit the Lambda environment (${MAX_LOG_TOOLS_ENV_BYTES} bytes); use fewer extra columns`,
    );
  }
  return { [LOG_TOOLS_ENV]: json };
}

/**
 * Lets `grantee` (the MCP Lambda's role) query the log table with the log contract's read access
 * (`logTableReadAccess`: the workgroup and its results prefix, Glue read of the table, Lake
 * Formation credential vending, and `SELECT` + `DESCRIBE` in the log platform's grant mode). The
 * Lake Formation grant is created in `stack`, the reader's own.
 */
export function grantLogRead(stack: PlatformStack, id: string, grantee: IGrantable, location: LogReadLocation): TableGrant {
  const access = logTableReadAccess(stack, { ...location, resultsBucketArn: s3BucketArn(stack, location.resultsBucket) });
  return grantTableAccess(stack, id, grantee, access);
}

/** Seconds the Lambda gets beyond the query budget (cold start, SDK load, serialisation). */
export const LAMBDA_TIMEOUT_HEADROOM_SECONDS = 4;

/** Everything the MCP stack needs to wire the log tools for one environment. */
export interface LogToolsPlan {
  /** Full scope, `<resource server identifier>/<scopeName>`. */
  readonly scope: string;
  readonly location: LogReadLocation;
  /** Extra Lambda environment (`MCP_LOG_TOOLS`). */
  readonly environment: Record<string, string>;
  readonly lambdaTimeoutSeconds: number;
}

/** The log tools of `config`'s environment, or `undefined` when `logTools.enabled` is false. */
export function planLogTools(
  config: EnvironmentConfig,
  resourceServerIdentifier: string,
  logTools: LogToolsConfig,
  accountId: string,
): LogToolsPlan | undefined {
  if (!logTools.enabled) return undefined;
  const scope = `${resourceServerIdentifier}/${logTools.scopeName}`;
  const location = resolveLogReadLocation(config, logTools, accountId);
  return {
    scope,
    location,
    environment: logToolsEnvironment(
      logToolsSettings(location, logTools, scope),
      `environments.${config.name}.apps.mcp-server.logTools`,
    ),
    lambdaTimeoutSeconds: logTools.queryTimeoutSeconds + LAMBDA_TIMEOUT_HEADROOM_SECONDS,
  };
}

/**
 * The resource server's scopes with the log tools' scope added (unless configured already).
 * It must not be the first scope: that one is what every `/mcp` token needs, and the log scope
 * has to be grantable separately.
 */
export function withLogToolsScope<S extends { readonly name: string; readonly description: string }>(
  scopes: readonly S[],
  scopeName: string,
  field: string,
): (S | { name: string; description: string })[] {
  if (scopes[0]?.name === scopeName) {
    throw new ValidationError(
      field,
      '[logTools.scope] the log tools scope must differ from the MCP endpoint scope (the first scope)',
      scopeName,
    );
  }
  if (scopes.some((s) => s.name === scopeName)) return [...scopes];
  return [...scopes, { name: scopeName, description: 'Search and read application logs with the MCP log tools' }];
}
