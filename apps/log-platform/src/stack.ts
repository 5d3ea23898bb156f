import {
  LOG_PLATFORM_APP,
  logPlatformLocationOf,
  logTableReadAccess,
  LogPlatformLocation,
  LogSchema,
  namedQueries,
  s3TablesCatalogId,
  shapingSpec,
  validateTableLayout,
} from '@aws-log-mcp/log-contract';
import {
  stackAlarmTopic,
  EnvironmentConfig,
  grantTableAccess,
  IAlarmTopic,
  IGrantable,
  LakeFormationTableGrant,
  ManagedLogGroup,
  PlatformStack,
  SecureBucket,
  TableGrant,
  ValidationError,
} from '@aws-log-mcp/shared';
import { dependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { LOG_PLATFORM_ADDRESS_MOVES } from './addresses';
import { LogPlatformConfig, NATIVE_TABLE_LAYOUT_REFUSAL, readLogPlatformConfig } from './config';
import { DEMO_COMMAND, DemoService } from './demo-service';
import { FireLens } from './firelens';
import { LogAnalytics } from './log-analytics';
import { LogDeliveryStream } from './log-delivery-stream';
import { LogPlatformMonitoring } from './log-platform-monitoring';
import { LogRetention } from './log-retention';
import { LogTable } from './log-table';
import { LogTableMetadataStep } from './log-table-metadata-step';
import { S3TablesAnalyticsIntegration } from './s3-tables-analytics-integration';
import { DeployedSchema, checkAgainstDeployedSchema } from './schema-lock';

export interface LogPlatformStackProps {
  readonly config: EnvironmentConfig;
  /**
   * The columns this environment's table was last deployed with (its schema lock's latest
   * version). Synth refuses a config whose columns are not a safe evolution of them (dropped,
   * renamed, narrowed, retyped, `required` changed). @default no check (a first deployment)
   */
  readonly deployedSchema?: DeployedSchema;
}

/**
 * One environment of the log platform: ECS containers -> FireLens (Fluent Bit) -> Firehose ->
 * Iceberg table in S3 Tables -> Athena, plus the Lake Formation pieces the pinned provider
 * cannot express, as reversible local-exec steps. Its resource addresses are pinned by
 * `test/state-contract.test.ts` at the repository root.
 */
export class LogPlatformStack extends PlatformStack {
  readonly settings: LogPlatformConfig;
  /** Names of this environment's resources, as readers in other stacks derive them too. */
  readonly location: LogPlatformLocation;
  readonly schema: LogSchema;
  readonly table: LogTable;
  /** Brings the live table to the declared columns, partition spec and sort order (in place). */
  readonly tableStep: LogTableMetadataStep;
  readonly retention: LogRetention;
  readonly integration?: S3TablesAnalyticsIntegration;
  readonly firehoseGrant: LakeFormationTableGrant;
  readonly delivery: LogDeliveryStream;
  readonly analytics: LogAnalytics;
  readonly firelens: FireLens;
  readonly demo?: DemoService;
  /** Where the alarms notify (`alarms.notifications`), when configured. */
  readonly alarmTopic?: IAlarmTopic;
  readonly monitoring: LogPlatformMonitoring;

  constructor(scope: Construct, props: LogPlatformStackProps) {
    super(scope, { config: props.config, app: LOG_PLATFORM_APP });
    const cfg = readLogPlatformConfig(props.config);
    this.settings = cfg;
    this.useNullProvider();
    this.location = logPlatformLocationOf(props.config, cfg, this.account);
    this.schema = this.location.schema;
    const names = this.names;

    const layout = { partitionSpec: cfg.partitionSpec, sortOrder: cfg.sortOrder };
    validateTableLayout(this.schema, layout, this.configField());
    if (cfg.tableLayout === 'native')
      throw new ValidationError(this.configField('tableLayout'), NATIVE_TABLE_LAYOUT_REFUSAL, cfg.tableLayout);
    if (props.deployedSchema) checkAgainstDeployedSchema(props.deployedSchema, this.schema, this.configField('extraColumns'));
    this.table = new LogTable(this, 'logs', {
      location: this.location,
      schema: this.schema,
      maintenance: cfg.maintenance,
      layout,
      protect: cfg.protectTable,
    });
    this.tableStep = new LogTableMetadataStep(this, 'logs-table-metadata', { table: this.table });

    if (cfg.analyticsIntegration === 'manage') {
      this.integration = new S3TablesAnalyticsIntegration(this, 'analytics-integration', {
        dataAccessRoleName: names.iamRole('s3tables-lakeformation'),
        owner: names.prefix,
      });
    }

    this.delivery = new LogDeliveryStream(this, 'firehose', {
      streamName: this.location.streamName,
      roleName: names.iamRole('firehose'),
      errorBucketName: names.s3Bucket('firehose-errors', this.account),
      table: this.location,
      bufferingIntervalSeconds: cfg.buffering.intervalSeconds,
      bufferingSizeMiB: cfg.buffering.sizeMiB,
      retryDurationSeconds: cfg.retryDurationSeconds,
      errorRetentionDays: cfg.errorRetentionDays,
      logRetentionDays: cfg.logRetentionDays,
    });

    this.firehoseGrant = new LakeFormationTableGrant(this, 'firehose-lakeformation-grant', {
      principalArn: this.delivery.role.roleArn,
      catalogId: s3TablesCatalogId(this.account, this.location.tableBucketName),
      databaseName: this.location.namespace,
      tableName: this.location.tableName,
      permissions: cfg.lakeFormationPermissions,
      mode: cfg.lakeFormationGrant,
      dependsOn: [this.table.table, ...(this.integration ? [this.integration.catalog] : [])],
      tableArn: this.table.tableArn,
    });
    this.delivery.addDependency(this.firehoseGrant.resource);
    // Firehose starts writing only once the table has its partition spec, sort order and columns.
    this.delivery.addDependency(this.tableStep.resource);

    this.analytics = new LogAnalytics(this, 'athena', {
      workgroupName: this.location.workgroup,
      resultsBucketName: this.location.resultsBucket,
      bytesScannedCutoff: cfg.athena.bytesScannedCutoff,
      resultsExpirationDays: cfg.athena.resultsExpirationDays,
      database: this.location.namespace,
      namedQueries: namedQueries(this.schema, this.table.athenaTableReference),
    });

    this.retention = new LogRetention(this, 'retention', {
      table: this.table,
      retentionDays: cfg.retentionDays,
      workgroupName: names.athenaWorkgroup('retention'),
      resultsBucket: this.analytics.resultsBucket,
      roleName: names.iamRole('retention'),
      scheduleName: names.schedulerSchedule('retention'),
      grantMode: cfg.lakeFormationGrant,
      dependsOn: this.integration ? [this.integration.catalog] : [],
    });

    // The Fluent Bit config must outlive any lifecycle rule: a task starting without it fails.
    const configBucket = new SecureBucket(this, 'firelens-config', {
      bucketName: names.s3Bucket('firelens-config', this.account),
      expirationDays: 36500,
    });
    const routerLogs = cfg.demo
      ? new ManagedLogGroup(this, 'demo-log-router', {
          name: `/ecs/${names.name('demo')}/log-router`,
          retentionInDays: cfg.logRetentionDays,
        })
      : undefined;
    this.firelens = new FireLens(this, 'firelens', {
      stream: this.delivery,
      shaping: shapingSpec(this.schema, cfg.loggerPreset, cfg.columnSources),
      multiline: cfg.multiline,
      configBucket,
      routerImage: cfg.firelens.routerImage,
      app: { name: 'app', image: cfg.demo?.appImage ?? 'public.ecr.aws/docker/library/busybox:stable', command: DEMO_COMMAND },
      routerLogGroupName: routerLogs?.name,
    });
    // A filter lifting a new column is uploaded only after the table has it: Firehose drops keys the table lacks.
    this.firelens.filtersObject.dependsOn = [
      ...(this.firelens.filtersObject.dependsOn ?? []),
      dependable(this.tableStep.resource),
    ];
    if (cfg.demo && routerLogs) {
      this.demo = new DemoService(this, 'demo', {
        name: names.name('demo'),
        taskRoleName: names.iamRole('demo-task'),
        executionRoleName: names.iamRole('demo-execution'),
        cluster: cfg.demo.cluster,
        subnets: cfg.demo.subnets,
        securityGroups: cfg.demo.securityGroups,
        assignPublicIp: cfg.demo.assignPublicIp,
        routerLogGroup: routerLogs,
        firelens: this.firelens,
      });
    }

    if (cfg.alarms.deliveryFreshnessSeconds <= cfg.buffering.intervalSeconds) {
      // Firehose holds records for the buffering interval on purpose; a lower threshold fires on every healthy flush.
      throw new ValidationError(
        this.configField('alarms', 'deliveryFreshnessSeconds'),
        '[alarms.deliveryFreshness] must be greater than buffering.intervalSeconds',
        cfg.alarms.deliveryFreshnessSeconds,
      );
    }
    this.alarmTopic = stackAlarmTopic(this, cfg.alarms.notifications);
    this.monitoring = new LogPlatformMonitoring(this, 'monitoring', {
      streamName: this.location.streamName,
      workgroupName: this.location.workgroup,
      errorBucketName: this.delivery.errorBucket.name,
      alarmName: (purpose) => names.name(purpose),
      dashboardName: names.prefix,
      thresholds: cfg.alarms,
      topic: this.alarmTopic,
    });

    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out('table_arn', this.table.tableArn, 'ARN of the Iceberg log table');
    out('table_bucket_arn', this.table.tableBucketArn, 'ARN of the S3 table bucket');
    // An object, not the quoted SQL form: cdktf 0.21 renders quotes in output strings as broken HCL.
    out('athena_table_reference', this.table.athenaTableName, 'The table in Athena: "<catalog>"."<database>"."<table>"');
    out('glue_catalog_arn', this.delivery.catalogArn, 'Glue catalog of the table bucket (Firehose catalog_arn)');
    out('stream_name', this.delivery.streamName, 'Firehose delivery stream name');
    out('stream_arn', this.delivery.streamArn, 'Firehose delivery stream ARN');
    out('firehose_role_arn', this.delivery.role.roleArn, 'Role Firehose writes with (holds the Lake Formation grant)');
    out('error_bucket', this.delivery.errorBucket.name, 'Bucket of records the table rejected');
    out('error_log_group', this.delivery.logGroup.name, 'CloudWatch log group of delivery errors');
    out('athena_workgroup', this.analytics.workgroup.name, 'Athena workgroup (enforced settings, bytes-scanned cutoff)');
    out('athena_results_bucket', this.analytics.resultsBucket.name, 'Athena results bucket');
    out(
      'named_query_ids',
      Object.fromEntries(Object.entries(this.analytics.queries).map(([name, q]) => [name, q.id])),
      'Athena named query ids by name',
    );
    out(
      'firelens_config_objects',
      [this.firelens.filtersObject.key, this.firelens.parsersObject.key],
      'Fluent Bit config files the log router loads (keys in the FireLens config bucket)',
    );
    out('firelens_config_bucket', configBucket.name, 'Bucket holding the Fluent Bit config files');
    out('retention_workgroup', this.retention.workgroup.name, 'Athena workgroup the daily retention DELETE runs in');
    out('retention_schedule_arn', this.retention.schedule.arn, 'EventBridge Scheduler schedule of the retention DELETE');

    this.addressMoves(LOG_PLATFORM_ADDRESS_MOVES);
  }

  /**
   * Lets `grantee` (a role of this stack) read the log table: the log contract's read access
   * (`logTableReadAccess`: queries in this workgroup and its results prefix, Glue read, Lake
   * Formation credential vending, and `SELECT` + `DESCRIBE` in this stack's grant mode). Readers in
   * another stack grant themselves the same access with `grantTableAccess` and `logTableReadAccess`.
   */
  grantRead(id: string, grantee: IGrantable): TableGrant {
    const access = logTableReadAccess(this, {
      ...this.location,
      resultsBucketArn: this.analytics.resultsBucket.arn,
    });
    return grantTableAccess(this, id, grantee, access, { dependsOn: [this.table.table], tableArn: this.table.tableArn });
  }
}
