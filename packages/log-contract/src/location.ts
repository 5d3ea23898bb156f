import {
  EnvironmentConfig,
  nameSchema,
  parseWith,
  ResourceNames,
  S3_TABLES_NAMESPACE,
  S3_TABLES_TABLE,
  LAKE_FORMATION_GRANT_MODES,
  LakeFormationGrantMode,
} from '@aws-log-mcp/shared/core';
import { z } from 'zod';
import { AthenaTableName, s3TablesCatalog } from './catalog';
import { ExtraColumnsSchema, LogSchema } from './columns';
import { ColumnSourcesSchema, LoggerPresetSchema } from './ingest/presets';

export * from './catalog';

/** The app name the log platform's stacks, resource names and config section use. */
export const LOG_PLATFORM_APP = 'log-platform';

/** Where a table of the `s3tablescatalog` federation lives. */
export interface LogTableLocation {
  readonly tableBucketName: string;
  /** S3 Tables namespace, also the Glue/Athena database. */
  readonly namespace: string;
  readonly tableName: string;
}

/** Names of an environment's log platform resources, as its stack creates them. */
export interface LogPlatformLocation extends LogTableLocation {
  readonly streamName: string;
  readonly workgroup: string;
  /** Athena results bucket (holds the account id, a token in a stack). */
  readonly resultsBucket: string;
  readonly lakeFormationGrant: LakeFormationGrantMode;
  /** The schema contract with the environment's extra columns. */
  readonly schema: LogSchema;
}

/** The Lake Formation catalog id of a table bucket in the `s3tablescatalog` federated catalog. */
export function s3TablesCatalogId(accountId: string, tableBucketName: string): string {
  return `${accountId}:${s3TablesCatalog(tableBucketName)}`;
}

/** The table as Athena names it. */
export function athenaTableName(location: LogTableLocation): AthenaTableName {
  return { catalog: s3TablesCatalog(location.tableBucketName), database: location.namespace, table: location.tableName };
}

/**
 * The parts of `environments.<env>.apps.log-platform` that define the contract (where the table is,
 * which columns it has, how Lake Formation grants are made). The log platform's config schema
 * extends it; readers of the table parse only these fields of the same section.
 */
export const LogContractConfigSchema = z.object({
  /** S3 Tables namespace (the Athena database). */
  namespace: nameSchema(S3_TABLES_NAMESPACE).default('logs'),
  /** Iceberg table name. */
  tableName: nameSchema(S3_TABLES_TABLE).default('some_api_logs'),
  /** Columns lifted from the application's JSON log, in addition to the defaults. */
  extraColumns: ExtraColumnsSchema.default([]),
  /** Which logger's keys and units the standard columns are read with (see `LOGGER_PRESETS`). */
  loggerPreset: LoggerPresetSchema.default('default'),
  /** Per standard column (`timestamp`, `level`, `message`, `request_id`): keys and conversion replacing the preset's. */
  columnSources: ColumnSourcesSchema.default({}),
  /** `local-exec` (CLI workaround for terraform-provider-aws #40724) or `native` (aws_lakeformation_permissions). */
  lakeFormationGrant: z.enum(LAKE_FORMATION_GRANT_MODES).default('local-exec'),
});
export type LogContractConfig = z.output<typeof LogContractConfigSchema>;

/** The log platform's resource names for `project`/`environment`, as `ResourceNames` builds them. */
export function logPlatformNames(project: string, environment: string, accountId: string) {
  const names = new ResourceNames(project, environment, LOG_PLATFORM_APP);
  return {
    tableBucketName: names.s3TableBucket('tables'),
    streamName: names.firehoseStream('logs'),
    workgroup: names.athenaWorkgroup('logs'),
    resultsBucket: names.s3Bucket('athena-results', accountId),
  };
}

/**
 * Where `config`'s log platform keeps its table, stream, workgroup and results: the one definition
 * of these names, used by the log platform's stack and by readers that must not need its state
 * (the MCP log tools). Reads only the contract's fields of the log platform's config section.
 */
export function logPlatformLocation(config: EnvironmentConfig, accountId: string): LogPlatformLocation {
  const field = `environments.${config.name}.apps.${LOG_PLATFORM_APP}`;
  // The section's other fields belong to the log platform's own schema.
  const contract = parseWith(LogContractConfigSchema.loose(), config.apps[LOG_PLATFORM_APP] ?? {}, field);
  return logPlatformLocationOf(config, contract, accountId);
}

/** {@link logPlatformLocation} for an already parsed contract section. */
export function logPlatformLocationOf(
  config: Pick<EnvironmentConfig, 'project' | 'name'>,
  contract: LogContractConfig,
  accountId: string,
): LogPlatformLocation {
  const schema = LogSchema.withExtraColumns(contract.extraColumns);
  return {
    ...logPlatformNames(config.project, config.name, accountId),
    namespace: contract.namespace,
    tableName: contract.tableName,
    lakeFormationGrant: contract.lakeFormationGrant,
    schema,
  };
}
