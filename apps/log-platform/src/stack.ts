import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { EnvironmentConfig, ManagedLogGroup, PlatformStack, PolicyStatement, SecureBucket } from '@aws-log-mcp/shared';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LogPlatformConfig, readLogPlatformConfig } from './config';
import { DEMO_COMMAND, DemoService } from './demo-service';
import { federatedTableGlueArns, LAKE_FORMATION_DATA_ACCESS } from './federated-table-iam';
import { FireLens } from './firelens';
import { LakeFormationTableGrant, s3TablesCatalogId } from './lake-formation-table-grant';
import { LogAnalytics } from './log-analytics';
import { IGrantable, LogDeliveryStream } from './log-delivery-stream';
import { LogSchema } from './log-schema';
import { LOG_PLATFORM_APP, logPlatformLocation } from './location';
import { LogTable } from './log-table';
import { namedQueries } from './named-queries';
import { S3TablesAnalyticsIntegration } from './s3-tables-analytics-integration';

export interface LogPlatformStackProps {
  readonly config: EnvironmentConfig;
}

/**
 * One environment of the log platform: ECS containers -> FireLens (Fluent Bit) -> Firehose ->
 * Iceberg table in S3 Tables -> Athena, plus the Lake Formation pieces the pinned provider
 * cannot express, as reversible local-exec steps.
 */
export class LogPlatformStack extends PlatformStack {
  readonly settings: LogPlatformConfig;
  readonly schema: LogSchema;
  readonly table: LogTable;
  readonly integration?: S3TablesAnalyticsIntegration;
  readonly firehoseGrant: LakeFormationTableGrant;
  readonly delivery: LogDeliveryStream;
  readonly analytics: LogAnalytics;
  readonly firelens: FireLens;
  readonly demo?: DemoService;
  private readonly where: { accountId: string; region: string; partition: string; endpointUrl?: string };

  constructor(scope: Construct, props: LogPlatformStackProps) {
    super(scope, { config: props.config, app: LOG_PLATFORM_APP });
    const config = props.config;
    const at = `environments.${config.name}.apps.${LOG_PLATFORM_APP}`;
    const cfg = readLogPlatformConfig(config);
    this.settings = cfg;
    new NullProvider(this, 'null');

    const accountId = new DataAwsCallerIdentity(this, 'identity').accountId;
    const location = logPlatformLocation(config, accountId);
    this.schema = location.schema;
    const region = new DataAwsRegion(this, 'region').region;
    const partition = new DataAwsPartition(this, 'partition').partition;
    const endpointUrl = config.emulatorEndpoint;
    this.where = { accountId, region, partition, endpointUrl };
    const names = this.names;

    this.table = new LogTable(this, 'table', {
      tableBucketName: location.tableBucketName,
      namespace: location.namespace,
      tableName: location.tableName,
      schema: this.schema,
      maintenance: cfg.maintenance,
      configPath: at,
    });
    const { tableBucketName, namespaceName, tableName } = this.table;

    if (cfg.analyticsIntegration === 'manage') {
      this.integration = new S3TablesAnalyticsIntegration(this, 'analytics-integration', {
        accountId,
        region,
        partition,
        dataAccessRoleName: names.iamRole('s3tables-lakeformation'),
        owner: names.prefix,
        endpointUrl,
      });
    }

    this.delivery = new LogDeliveryStream(this, 'delivery', {
      streamName: location.streamName,
      roleName: names.iamRole('firehose'),
      errorBucketName: names.s3Bucket('firehose-errors', accountId),
      accountId,
      region,
      partition,
      tableBucketName,
      namespace: namespaceName,
      tableName,
      bufferingIntervalSeconds: cfg.buffering.intervalSeconds,
      bufferingSizeMiB: cfg.buffering.sizeMiB,
      retryDurationSeconds: cfg.retryDurationSeconds,
      errorRetentionDays: cfg.errorRetentionDays,
      logRetentionDays: cfg.logRetentionDays,
    });

    this.firehoseGrant = new LakeFormationTableGrant(this, 'firehose-grant', {
      principalArn: this.delivery.role.roleArn,
      catalogId: s3TablesCatalogId(accountId, tableBucketName),
      databaseName: namespaceName,
      tableName,
      permissions: cfg.lakeFormationPermissions,
      region,
      mode: cfg.lakeFormationGrant,
      endpointUrl,
      dependsOn: [this.table.table, ...(this.integration ? [this.integration.catalog] : [])],
    });
    this.delivery.addDependency(this.firehoseGrant.resource);

    this.analytics = new LogAnalytics(this, 'athena', {
      workgroupName: location.workgroup,
      resultsBucketName: location.resultsBucket,
      accountId,
      region,
      partition,
      bytesScannedCutoff: cfg.athena.bytesScannedCutoff,
      resultsExpirationDays: cfg.athena.resultsExpirationDays,
      database: namespaceName,
      namedQueries: namedQueries(this.schema, this.table.athenaTableReference),
    });

    // The Fluent Bit config must outlive any lifecycle rule: a task starting without it fails.
    const configBucket = new SecureBucket(this, 'firelens-config', {
      bucketName: names.s3Bucket('firelens-config', accountId),
      expirationDays: 36500,
    });
    const routerLogs = cfg.demo
      ? new ManagedLogGroup(this, 'router-logs', {
          name: `/ecs/${names.name('demo')}/log-router`,
          retentionInDays: cfg.logRetentionDays,
        })
      : undefined;
    this.firelens = new FireLens(this, 'firelens', {
      stream: this.delivery,
      schema: this.schema,
      region,
      configBucket,
      routerImage: cfg.firelens.routerImage,
      app: { name: 'app', image: cfg.demo?.appImage ?? 'public.ecr.aws/docker/library/busybox:stable', command: DEMO_COMMAND },
      routerLogGroupName: routerLogs?.name,
    });
    if (cfg.demo && routerLogs) {
      this.demo = new DemoService(this, 'demo', {
        name: names.name('demo'),
        taskRoleName: names.iamRole('demo-task'),
        executionRoleName: names.iamRole('demo-execution'),
        cluster: cfg.demo.cluster,
        subnets: cfg.demo.subnets,
        securityGroups: cfg.demo.securityGroups,
        assignPublicIp: cfg.demo.assignPublicIp,
        accountId,
        region,
        partition,
        routerLogGroup: routerLogs,
        firelens: this.firelens,
      });
    }

    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out('table_arn', this.table.tableArn, 'ARN of the Iceberg log table');
    out('table_bucket_arn', this.table.tableBucketArn, 'ARN of the S3 table bucket');
    // An object, not the quoted SQL form: cdktf 0.21 renders quotes in output strings as broken HCL.
    out(
      'athena_table_reference',
      { catalog: `s3tablescatalog/${tableBucketName}`, database: namespaceName, table: tableName },
      'The table in Athena: "<catalog>"."<database>"."<table>"',
    );
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
  }

  /**
   * IAM statements a reader of the logs needs (e.g. the MCP Lambda of issue 7): queries in this
   * workgroup and its results prefix, Glue read of this table in the federated catalog, and
   * Lake Formation credential vending. Pair them with {@link grantQuery}'s table grant.
   */
  queryStatements(): PolicyStatement[] {
    const { accountId, region, partition } = this.where;
    const { tableBucketName, namespaceName: namespace, tableName } = this.table;
    return [
      ...this.analytics.queryStatements(),
      {
        sid: 'GlueReadLogTable',
        actions: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'],
        resources: federatedTableGlueArns({ partition, region, accountId, tableBucketName, namespace, tableName }),
      },
      LAKE_FORMATION_DATA_ACCESS,
    ];
  }

  /**
   * Lets `role` query the log table: adds {@link queryStatements} to its policy and creates, in
   * `scope` (the consumer's stack), a Lake Formation grant of SELECT and DESCRIBE on the table
   * with this stack's grant mode.
   */
  grantQuery(scope: Construct, id: string, role: IGrantable & { readonly roleArn: string }): LakeFormationTableGrant {
    role.addToPolicy(...this.queryStatements());
    const { accountId, region, endpointUrl } = this.where;
    return new LakeFormationTableGrant(scope, id, {
      principalArn: role.roleArn,
      catalogId: s3TablesCatalogId(accountId, this.table.tableBucketName),
      databaseName: this.table.namespaceName,
      tableName: this.table.tableName,
      permissions: ['SELECT', 'DESCRIBE'],
      region,
      mode: this.settings.lakeFormationGrant,
      endpointUrl,
      // depends_on cannot cross stacks; a consumer stack is deployed after this one anyway.
      dependsOn: TerraformStack.of(scope) === this ? [this.table.table] : undefined,
    });
  }
}
