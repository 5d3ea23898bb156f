import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import {
  athenaWorkgroupArn,
  logTableRetentionStatements,
  retentionDeleteStatement,
  s3TablesCatalog,
  s3TablesCatalogId,
} from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressNameOf,
  jsonencodeSafe,
  LakeFormationGrantMode,
  LakeFormationPermission,
  LakeFormationTableGrant,
  PlatformStack,
  SecureBucket,
  ServiceRole,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { LogTable } from './log-table';

/** Daily at 00:15 UTC: the cut-off moved to a new day a quarter of an hour before. */
export const DEFAULT_RETENTION_SCHEDULE = 'cron(15 0 * * ? *)';

/** Prefix of the retention workgroup's query results in the results bucket. */
export const RETENTION_RESULTS_PREFIX = 'retention/';

/**
 * Lake Formation permissions of the retention role on the table: Athena's Iceberg `DELETE` reads
 * rows (`SELECT`, `DESCRIBE`), writes delete files (`INSERT`) and removes rows (`DELETE`). Not
 * verified against a real account (no AWS account here); `ALTER` is not believed necessary.
 */
export const RETENTION_LAKE_FORMATION_PERMISSIONS: readonly LakeFormationPermission[] = [
  'SELECT',
  'INSERT',
  'DELETE',
  'DESCRIBE',
];

export interface LogRetentionProps extends AddressableProps {
  /** The table whose old rows are deleted. */
  readonly table: LogTable;
  /** Days of rows kept, 1-36500 (see `retentionDeleteStatement` for the exact cut-off). */
  readonly retentionDays: number;
  /** Name of the retention workgroup (`ResourceNames.athenaWorkgroup`). */
  readonly workgroupName: string;
  /** The bucket the workgroup writes query results to, under {@link RETENTION_RESULTS_PREFIX}. */
  readonly resultsBucket: SecureBucket;
  /** Name of the role the schedule runs the query with (`ResourceNames.iamRole`). */
  readonly roleName: string;
  /** Name of the schedule (`ResourceNames.schedulerSchedule`). */
  readonly scheduleName: string;
  /** How the Lake Formation grant of the role is made. @default 'local-exec' */
  readonly grantMode?: LakeFormationGrantMode;
  /** EventBridge Scheduler expression, evaluated in UTC. @default {@link DEFAULT_RETENTION_SCHEDULE} */
  readonly scheduleExpression?: string;
  /** Resources the grant must wait for (the federated catalog). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Retention of the log table: an EventBridge Scheduler schedule whose universal target calls
 * Athena's `StartQueryExecution` (no Lambda) with the log contract's retention `DELETE`, daily, in
 * a workgroup of its own. S3 Tables' own maintenance then frees the storage: compaction applies
 * the deletes, snapshot expiry drops the snapshots that still reference the deleted rows, and
 * unreferenced-file removal deletes the files (S3 User Guide, "Maintenance for tables" and
 * "Amazon S3 table bucket maintenance"). Record expiration (`PutTableRecordExpirationConfiguration`)
 * is not used: S3 Tables offers it only for AWS managed tables, not for tables you create (S3
 * User Guide, "Record expiration for tables").
 *
 * The workgroup has no bytes-scanned cutoff (the analysts' workgroup's cutoff would cancel the
 * first delete of a large backlog), enforces its settings and writes SSE-S3 results under
 * `retention/` of the results bucket. The role trusts `scheduler.amazonaws.com` for this schedule
 * only (`aws:SourceAccount`, `aws:SourceArn`).
 *
 * Addresses, for address name `n`: `aws_athena_workgroup.n`, `aws_iam_role.n`,
 * `aws_iam_role_policy.n`, `null_resource.n_lakeformation_grant` (or
 * `aws_lakeformation_permissions.n_lakeformation_grant`), `aws_scheduler_schedule.n`.
 */
export class LogRetention extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly role: ServiceRole;
  readonly grant: LakeFormationTableGrant;
  readonly schedule: SchedulerSchedule;
  /** The statement the schedule runs. */
  readonly statement: string;

  constructor(scope: Construct, id: string, props: LogRetentionProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    const name = addressNameOf(id, props);
    const location = props.table.location;
    const expression = props.scheduleExpression ?? DEFAULT_RETENTION_SCHEDULE;
    if (!/^(cron|rate)\([^()"\\]+\)$/.test(expression))
      throw new ValidationError(
        `${id}.scheduleExpression`,
        '[retention.schedule] must be cron(...) or rate(...) (EventBridge Scheduler)',
        expression,
      );
    this.statement = retentionDeleteStatement(props.table.athenaTableReference, props.retentionDays);

    this.workgroup = setAddress(
      new AthenaWorkgroup(this, 'workgroup', {
        name: props.workgroupName,
        description: `Retention of the log table: the daily DELETE of rows older than ${props.retentionDays} days`,
        state: 'ENABLED',
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
          resultConfiguration: {
            outputLocation: `s3://${props.resultsBucket.name}/${RETENTION_RESULTS_PREFIX}`,
            expectedBucketOwner: stack.account,
            encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          },
        },
      }),
      name,
    );
    const workgroupArn = athenaWorkgroupArn(stack, props.workgroupName);
    const scheduleArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `default/${props.scheduleName}`,
    });

    this.role = new ServiceRole(this, 'role', {
      addressName: name,
      roleName: props.roleName,
      servicePrincipal: 'scheduler.amazonaws.com',
      sourceArn: scheduleArn,
      description: 'EventBridge Scheduler runs the log table retention DELETE in Athena with this role',
    });
    this.role.addToPolicy(
      ...logTableRetentionStatements(stack, {
        ...location,
        workgroupArn,
        resultsBucketArn: props.resultsBucket.arn,
        resultsPrefix: RETENTION_RESULTS_PREFIX,
      }),
    );

    this.grant = new LakeFormationTableGrant(this, 'lakeformation-grant', {
      addressName: `${name}_lakeformation_grant`,
      principalArn: this.role.roleArn,
      catalogId: s3TablesCatalogId(stack.account, location.tableBucketName),
      databaseName: location.namespace,
      tableName: location.tableName,
      permissions: RETENTION_LAKE_FORMATION_PERMISSIONS,
      mode: props.grantMode,
      dependsOn: [props.table.table, ...(props.dependsOn ?? [])],
      tableArn: props.table.tableArn,
    });

    this.schedule = setAddress(
      new SchedulerSchedule(this, 'schedule', {
        name: props.scheduleName,
        description: `Deletes log rows older than ${props.retentionDays} days (Athena StartQueryExecution)`,
        scheduleExpression: expression,
        scheduleExpressionTimezone: 'UTC',
        state: 'ENABLED',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: `arn:${stack.partition}:scheduler:::aws-sdk:athena:startQueryExecution`,
          roleArn: this.role.roleArn,
          // The statement holds quotes and newlines, which cdktf writes unescaped inside jsonencode.
          input: Fn.jsonencode(
            jsonencodeSafe({
              QueryString: this.statement,
              WorkGroup: props.workgroupName,
              QueryExecutionContext: { Catalog: s3TablesCatalog(location.tableBucketName), Database: location.namespace },
            }),
          ),
          retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 5 },
        },
        // The role must hold its policy and grant before the first run.
        dependsOn: [this.grant.resource],
      }),
      name,
    );
  }
}
