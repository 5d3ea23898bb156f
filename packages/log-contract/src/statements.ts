import {
  IArnFormatter,
  LAKE_FORMATION_DATA_ACCESS,
  LakeFormationGrantMode,
  LF_TABLE_READ_PERMISSIONS,
  PolicyStatement,
  s3ReadWriteStatement,
  TableAccess,
} from '@aws-log-mcp/shared/core';
import { LogTableLocation, s3TablesCatalog, s3TablesCatalogId, S3_TABLES_CATALOG_NAME } from './location';
import {
  ATHENA_QUERY_ACTIONS,
  ATHENA_START_QUERY_ACTIONS,
  GLUE_DELETE_ROWS_ACTIONS,
  GLUE_READ_TABLE_ACTIONS,
} from './permissions';

/**
 * The ARNs and IAM statements of reading the log table, as pure builders: the log platform's stack
 * and every reader in another stack (the MCP Lambda) build them from the same definition.
 * `arns` is where the table lives (a `PlatformStack`, or `arnFormatter({...})`).
 */

/** `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>` (Firehose's `catalog_arn`). */
export function federatedCatalogArn(arns: IArnFormatter, tableBucketName: string): string {
  return arns.formatArn({ service: 'glue', resource: 'catalog', resourceName: s3TablesCatalog(tableBucketName) });
}

/**
 * The Glue resources a principal touches to reach one federated table: the account catalog,
 * the federated catalog, the table bucket's child catalog, the namespace and the table.
 */
export function federatedTableGlueArns(arns: IArnFormatter, l: LogTableLocation): string[] {
  const path = s3TablesCatalog(l.tableBucketName);
  return [
    arns.formatArn({ service: 'glue', resource: 'catalog' }),
    arns.formatArn({ service: 'glue', resource: 'catalog', resourceName: S3_TABLES_CATALOG_NAME }),
    federatedCatalogArn(arns, l.tableBucketName),
    arns.formatArn({ service: 'glue', resource: 'database', resourceName: `${path}/${l.namespace}` }),
    arns.formatArn({ service: 'glue', resource: 'table', resourceName: `${path}/${l.namespace}/${l.tableName}` }),
  ];
}

/** `arn:<partition>:athena:<region>:<account>:workgroup/<name>`. */
export function athenaWorkgroupArn(arns: IArnFormatter, workgroup: string): string {
  return arns.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workgroup });
}

/** `arn:<partition>:s3:::<bucket>`. */
export function s3BucketArn(arns: IArnFormatter, bucket: string): string {
  return arns.formatArn({ service: 's3', region: '', account: '', resource: bucket });
}

/** Queries in one workgroup and read/write of its `results/` prefix (Athena writes results with the caller's credentials). */
export function athenaQueryStatements(workgroupArn: string, resultsBucketArn: string): PolicyStatement[] {
  return [
    { sid: 'AthenaWorkgroupQueries', actions: ATHENA_QUERY_ACTIONS, resources: [workgroupArn] },
    s3ReadWriteStatement(resultsBucketArn, 'results/', 'AthenaResults'),
  ];
}

/** Glue read of one federated table (and the catalogs and database above it). */
export function glueReadTableStatement(arns: IArnFormatter, location: LogTableLocation): PolicyStatement {
  return { sid: 'GlueReadLogTable', actions: GLUE_READ_TABLE_ACTIONS, resources: federatedTableGlueArns(arns, location) };
}

/** Where the retention `DELETE` runs: its workgroup and where that workgroup writes results. */
export interface LogTableRetentionRunner extends LogTableLocation {
  /** ARN of the workgroup the statement runs in. */
  readonly workgroupArn: string;
  /** ARN of the results bucket. */
  readonly resultsBucketArn: string;
  /** Prefix of the workgroup's results in that bucket, e.g. `retention/`. */
  readonly resultsPrefix: string;
}

/**
 * The IAM statements of the principal that runs the retention `DELETE` through Athena (Athena
 * runs it with the caller's credentials): start a query in the retention workgroup, read and
 * write that workgroup's results prefix, read and commit the table's metadata through the
 * federated Glue catalog, and Lake Formation credential vending. Pair them with a Lake Formation
 * grant of `SELECT`, `INSERT`, `DELETE` and `DESCRIBE` on the table.
 */
export function logTableRetentionStatements(arns: IArnFormatter, runner: LogTableRetentionRunner): PolicyStatement[] {
  return [
    { sid: 'AthenaStartRetentionQuery', actions: ATHENA_START_QUERY_ACTIONS, resources: [runner.workgroupArn] },
    s3ReadWriteStatement(runner.resultsBucketArn, runner.resultsPrefix, 'AthenaRetentionResults'),
    { sid: 'GlueDeleteLogRows', actions: GLUE_DELETE_ROWS_ACTIONS, resources: federatedTableGlueArns(arns, runner) },
    LAKE_FORMATION_DATA_ACCESS,
  ];
}

/** What a reader of the log table queries through. */
export interface LogTableReader extends LogTableLocation {
  /** Athena workgroup name. */
  readonly workgroup: string;
  /** ARN of the workgroup's results bucket. */
  readonly resultsBucketArn: string;
}

/**
 * Every IAM statement a reader of the log table needs: queries in the workgroup and its results
 * prefix, Glue read of the table, Lake Formation credential vending. Pair them with a Lake
 * Formation `SELECT` + `DESCRIBE` grant on the table.
 */
export function logTableReadStatements(arns: IArnFormatter, reader: LogTableReader): PolicyStatement[] {
  return [
    ...athenaQueryStatements(athenaWorkgroupArn(arns, reader.workgroup), reader.resultsBucketArn),
    glueReadTableStatement(arns, reader),
    LAKE_FORMATION_DATA_ACCESS,
  ];
}

/** Where the table is, for a reader's Lake Formation grant: the account owning the table bucket. */
export interface LogTableEnvironment extends IArnFormatter {
  /** Account of the table bucket (a Terraform token is fine). */
  readonly account: string;
}

/**
 * Everything reading the log table takes, for `grantTableAccess`: {@link logTableReadStatements}
 * and Lake Formation `SELECT` + `DESCRIBE` on the table, made in the log platform's grant mode.
 * The one definition of read access, whether the reader is in the log platform's stack or not.
 */
export function logTableReadAccess(
  env: LogTableEnvironment,
  reader: LogTableReader & { readonly lakeFormationGrant: LakeFormationGrantMode },
): TableAccess {
  return {
    statements: logTableReadStatements(env, reader),
    catalogId: s3TablesCatalogId(env.account, reader.tableBucketName),
    databaseName: reader.namespace,
    tableName: reader.tableName,
    permissions: LF_TABLE_READ_PERMISSIONS,
    mode: reader.lakeFormationGrant,
  };
}
