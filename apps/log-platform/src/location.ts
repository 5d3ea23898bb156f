import { EnvironmentConfig, ResourceNames } from '@aws-log-mcp/shared';
import { readLogPlatformConfig } from './config';
import type { LakeFormationGrantMode } from './lake-formation-table-grant';
import { LogSchema } from './log-schema';

/** The app name the log platform's stacks, names and config section use. */
export const LOG_PLATFORM_APP = 'log-platform';

/** Names of an environment's log platform resources, as its stack creates them. */
export interface LogPlatformLocation {
  readonly tableBucketName: string;
  readonly namespace: string;
  readonly tableName: string;
  readonly streamName: string;
  readonly workgroup: string;
  /** Athena results bucket (holds the account id, a token in a stack). */
  readonly resultsBucket: string;
  readonly lakeFormationGrant: LakeFormationGrantMode;
  /** The schema contract with the environment's extra columns. */
  readonly schema: LogSchema;
}

/**
 * Where `config`'s log platform keeps its table, stream, workgroup and results: the one
 * definition of these names, used by the stack and by consumers that must not need its state
 * (the MCP log tools of issue 7).
 */
export function logPlatformLocation(config: EnvironmentConfig, accountId: string): LogPlatformLocation {
  const cfg = readLogPlatformConfig(config);
  const names = new ResourceNames(config.project, config.name, LOG_PLATFORM_APP);
  return {
    tableBucketName: names.s3TableBucket('tables'),
    namespace: cfg.namespace,
    tableName: cfg.tableName,
    streamName: names.firehoseStream('logs'),
    workgroup: names.athenaWorkgroup('logs'),
    resultsBucket: names.s3Bucket('athena-results', accountId),
    lakeFormationGrant: cfg.lakeFormationGrant,
    schema: LogSchema.withExtraColumns(cfg.extraColumns, `environments.${config.name}.apps.${LOG_PLATFORM_APP}.extraColumns`),
  };
}
