import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import {
  assertName,
  ATHENA_WORKGROUP_NAME,
  EnvironmentConfig,
  PolicyStatement,
  S3_BUCKET_NAME,
  S3_TABLE_BUCKET_NAME,
  S3_TABLES_NAMESPACE,
  S3_TABLES_TABLE,
  ValidationError,
} from '@aws-log-mcp/shared';
import {
  athenaQueryStatements,
  federatedTableGlueArns,
  LAKE_FORMATION_DATA_ACCESS,
  LakeFormationTableGrant,
  LogPlatformLocation as PlatformLocation,
  logPlatformLocation,
  LogSchema,
  ROLE_COLUMNS,
  S3_TABLES_CATALOG_NAME,
  s3TablesCatalogId,
} from '@aws-log-mcp/log-platform';
import { Construct } from 'constructs';
import type { LogToolsConfig } from '../log-tools-config';
import { LOG_TOOLS_ENV, LogToolsSettings, LogToolsSettingsSchema } from '../lambda/logs/settings';

/** The log platform's resources the log tools query, for one environment (they only read: no stream). */
export type LogPlatformLocation = Omit<PlatformLocation, 'streamName'>;

/**
 * Where the log platform of `config`'s environment keeps its table, workgroup and results.
 * `derived` asks the log platform package (`logPlatformLocation`, the definition its own stack
 * uses), so the MCP stack needs no remote state and plans alone; `explicit` takes the names from
 * `logTools.explicit`, checked against the same naming rules.
 */
export function resolveLogPlatformLocation(
  config: EnvironmentConfig,
  logTools: LogToolsConfig,
  accountId: string,
): LogPlatformLocation {
  if (logTools.source === 'derived') return logPlatformLocation(config, accountId);
  const at = `environments.${config.name}.apps.mcp-server.logTools.explicit`;
  const e = logTools.explicit;
  if (!e) throw new ValidationError(at, '[logTools.explicit] source "explicit" needs the explicit location');
  return {
    tableBucketName: assertName(S3_TABLE_BUCKET_NAME, e.tableBucketName, `${at}.tableBucketName`),
    namespace: assertName(S3_TABLES_NAMESPACE, e.namespace, `${at}.namespace`),
    tableName: assertName(S3_TABLES_TABLE, e.tableName, `${at}.tableName`),
    workgroup: assertName(ATHENA_WORKGROUP_NAME, e.workgroup, `${at}.workgroup`),
    resultsBucket: assertName(S3_BUCKET_NAME, e.resultsBucket, `${at}.resultsBucket`),
    lakeFormationGrant: e.lakeFormationGrant,
    schema: LogSchema.withExtraColumns(e.extraColumns, `${at}.extraColumns`),
  };
}

/** Lambda's limit on all environment variables together is 4 KB; this leaves room for the others. */
export const MAX_LOG_TOOLS_ENV_BYTES = 3072;

/** What the Lambda needs to build and run the queries: names, the contract's columns, limits. */
export function logToolsSettings(location: LogPlatformLocation, cfg: LogToolsConfig, scope: string): LogToolsSettings {
  return {
    scope,
    workgroup: location.workgroup,
    table: {
      catalog: `${S3_TABLES_CATALOG_NAME}/${location.tableBucketName}`,
      database: location.namespace,
      table: location.tableName,
    },
    columns: location.schema.columns.map(
      (c) => [c.name, c.type, c.description] as [string, LogToolsSettings['columns'][number][1], string],
    ),
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

/** Anything with an inline policy and an ARN, e.g. `ServiceRole`. */
export interface LogReaderRole {
  addToPolicy(...statements: PolicyStatement[]): unknown;
  readonly roleArn: string;
}

export interface LogQueryAccessProps {
  /** The role that runs the queries (the MCP Lambda's). */
  readonly role: LogReaderRole;
  readonly location: LogPlatformLocation;
  /** Account id (token from `data.aws_caller_identity` is fine). */
  readonly accountId: string;
  readonly region: string;
  /** Default: `data.aws_partition`. */
  readonly partition?: string;
  /** Emulator endpoint for the grant's AWS CLI (`config.emulatorEndpoint`). */
  readonly endpointUrl?: string;
}

/**
 * Least privilege for querying the log table through Athena: queries in the log platform's
 * workgroup only, Glue read of this catalog/database/table, Lake Formation credential vending,
 * read/write of the workgroup's `results/` prefix; plus a Lake Formation SELECT + DESCRIBE grant
 * on the table with the log platform's own grant construct and mode.
 */
export class LogQueryAccess extends Construct {
  readonly statements: readonly PolicyStatement[];
  readonly grant: LakeFormationTableGrant;
  readonly workgroupArn: string;

  constructor(scope: Construct, id: string, props: LogQueryAccessProps) {
    super(scope, id);
    const l = props.location;
    const partition = props.partition ?? new DataAwsPartition(this, 'partition').partition;
    this.workgroupArn = `arn:${partition}:athena:${props.region}:${props.accountId}:workgroup/${l.workgroup}`;
    const resultsArn = `arn:${partition}:s3:::${l.resultsBucket}`;
    this.statements = [
      ...athenaQueryStatements(this.workgroupArn, resultsArn),
      {
        sid: 'GlueReadLogTable',
        actions: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'],
        resources: federatedTableGlueArns({
          partition,
          region: props.region,
          accountId: props.accountId,
          tableBucketName: l.tableBucketName,
          namespace: l.namespace,
          tableName: l.tableName,
        }),
      },
      LAKE_FORMATION_DATA_ACCESS,
    ];
    props.role.addToPolicy(...this.statements);

    // The local-exec grant is a null_resource; the log platform stack declares its own provider.
    if (l.lakeFormationGrant === 'local-exec') new NullProvider(this, 'null');
    this.grant = new LakeFormationTableGrant(this, 'table-grant', {
      principalArn: props.role.roleArn,
      catalogId: s3TablesCatalogId(props.accountId, l.tableBucketName),
      databaseName: l.namespace,
      tableName: l.tableName,
      permissions: ['SELECT', 'DESCRIBE'],
      region: props.region,
      mode: l.lakeFormationGrant,
      endpointUrl: props.endpointUrl,
    });
  }
}

/** Seconds the Lambda gets beyond the query budget (cold start, SDK load, serialisation). */
export const LAMBDA_TIMEOUT_HEADROOM_SECONDS = 4;

/** Everything the MCP stack needs to wire the log tools for one environment. */
export interface LogToolsPlan {
  /** Full scope, `<resource server identifier>/<scopeName>`. */
  readonly scope: string;
  readonly location: LogPlatformLocation;
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
  const location = resolveLogPlatformLocation(config, logTools, accountId);
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
