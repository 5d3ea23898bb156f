import {
  DEFAULT_PARTITION_SPEC,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SORT_ORDER,
  LogContractConfigSchema,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  PartitionSpecSchema,
  SortOrderSchema,
} from '@aws-log-mcp/log-contract';
import { MULTILINE_MODES } from './fluent-bit-config';
import {
  AlarmNotificationsSchema,
  CONTAINER_IMAGE,
  ECS_CLUSTER,
  EnvironmentConfig,
  LF_TABLE_PERMISSIONS,
  LogRetentionDaysSchema,
  nameSchema,
  parseAppSection,
} from '@aws-log-mcp/shared';
import { z } from 'zod';

/**
 * The default log router: aws-for-fluent-bit 3.2.2 with the init process, which ships Fluent
 * Bit 4.2.2 and its bundled LuaJIT 2.1 (commit 7152e15; Fluent Bit 4.2.2 to 5.1 carry the same
 * one), the LuaJIT the filter's tests run on. To update: pick a newer `init-3.x` tag from the
 * aws-for-fluent-bit release notes, check which Fluent Bit (and so which `lib/luajit-*`) it
 * ships, and if the LuaJIT changed, update `scripts/toolchain/luajit` to the matching
 * `luajit-src` crate before changing this value.
 */
export const ROUTER_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.2.2';

/**
 * `init-<major>...` with major >= 3, `init-debug-<major>...`, or `<image>@sha256:<digest>`.
 * Refused: `init-latest`/`init-stable` (mutable; `init-latest` has pointed at the 2.x line) and
 * 2.x tags (Fluent Bit 1.9 reads config lines of at most 4096 bytes, shorter than the filter).
 */
export const RouterImageSchema = nameSchema(CONTAINER_IMAGE).refine(
  (image) => /@sha256:[0-9a-f]{64}$/.test(image) || /:init-(debug-)?([3-9]|[1-9][0-9]+)\.[0-9][0-9A-Za-z._-]*$/.test(image),
  '[firelens.routerImage] must be an aws-for-fluent-bit init tag of 3.x or later (such as "...:init-3.2.2") or an image pinned by digest (@sha256:...); init-latest is mutable and 2.x ships Fluent Bit 1.9, whose config lines are too short for the filter',
);

const SubnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id such as "subnet-0123456789abcdef0"');
const SecurityGroupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id such as "sg-0123456789abcdef0"');

/** `environments.<env>.apps.log-platform` of config/platform.json; `{}` is valid. */
/**
 * Why `tableLayout: "native"` is refused: the pinned hashicorp/aws 6.25.0 has no `partition_spec`
 * (terraform-provider-aws issue #46494, PR #46532) nor write order (PR #47391) on
 * `aws_s3tables_table`. When a release has both, `native` becomes the switch that sends them in
 * `metadata.iceberg` at creation instead of the table step.
 */
export const NATIVE_TABLE_LAYOUT_REFUSAL =
  '[tableLayout.native] hashicorp/aws 6.25.0 has no partition_spec or write order on aws_s3tables_table (terraform-provider-aws #46494, PRs #46532 and #47391); use "local-exec" until a provider release has both';

export const LogPlatformConfigSchema = LogContractConfigSchema.extend({
  // namespace, tableName, extraColumns and lakeFormationGrant: the log contract's fields.
  /**
   * `manage`: this stack registers `s3tablescatalog` with Lake Formation and creates the
   * federated catalog when absent. `existing`: the integration was enabled elsewhere (console).
   */
  analyticsIntegration: z.enum(['manage', 'existing']).default('manage'),
  /** Lake Formation permissions of the Firehose role on the table. */
  lakeFormationPermissions: z
    .array(z.enum(LF_TABLE_PERMISSIONS))
    .min(1)
    .refine((p) => new Set(p).size === p.length, 'must not repeat a permission')
    .default(['ALL']),
  buffering: z
    .object({
      /** Seconds Firehose buffers before writing (0-900). */
      intervalSeconds: z.number().int().min(0).max(900).default(60),
      /** MiB Firehose buffers before writing (1-128). */
      sizeMiB: z.number().int().min(1).max(128).default(64),
    })
    .strict()
    .default({ intervalSeconds: 60, sizeMiB: 64 }),
  /** Seconds Firehose retries a failed delivery before sending it to the error bucket (0-7200). */
  retryDurationSeconds: z.number().int().min(0).max(7200).default(300),
  /** Days failed records stay in the error bucket. */
  errorRetentionDays: z.number().int().min(1).max(3650).default(30),
  /** Retention of the Firehose error log group. */
  logRetentionDays: LogRetentionDaysSchema.default(30),
  maintenance: z
    .object({
      compactionTargetFileSizeMiB: z.number().int().min(64).max(512).default(512),
      snapshotMaxAgeHours: z.number().int().min(1).default(120),
      minSnapshotsToKeep: z.number().int().min(1).default(1),
      unreferencedDays: z.number().int().min(1).default(3),
      nonCurrentDays: z.number().int().min(1).default(10),
    })
    .strict()
    .default({
      compactionTargetFileSizeMiB: 512,
      snapshotMaxAgeHours: 120,
      minSnapshotsToKeep: 1,
      unreferencedDays: 3,
      nonCurrentDays: 10,
    }),
  athena: z
    .object({
      /** Per-query bytes-scanned cutoff; Athena's minimum is 10 MiB. */
      bytesScannedCutoff: z.number().int().min(10_485_760).default(1_073_741_824),
      /** Days query results are kept. */
      resultsExpirationDays: z.number().int().min(1).max(3650).default(7),
    })
    .strict()
    .default({ bytesScannedCutoff: 1_073_741_824, resultsExpirationDays: 7 }),
  firelens: z
    .object({
      /**
       * aws-for-fluent-bit image with the init process (loads the filter config from S3): an
       * `init-<version>` tag of 3.x or later, or an image pinned by digest.
       */
      routerImage: RouterImageSchema.default(ROUTER_IMAGE),
    })
    .strict()
    .default({ routerImage: ROUTER_IMAGE }),
  /** Join stack traces of non-JSON output: `java`, `python`, `go` (Fluent Bit's built-in multiline parsers) or `none`. */
  multiline: z
    .enum(MULTILINE_MODES, { error: `[firelens.multiline] must be one of ${MULTILINE_MODES.join(', ')}` })
    .default('none'),
  /**
   * CloudWatch alarms (always created) and where they notify. Thresholds are per alarm period; the
   * README's "Alarms and dashboard" section says why each default is what it is.
   */
  alarms: z
    .object({
      /** Where ALARM and OK go: `{ emails }` (a new encrypted topic) or `{ topicArn }`. @default none */
      notifications: AlarmNotificationsSchema.optional(),
      /** Rows sent to the error bucket in 5 minutes that are tolerated (0: alarm on the first). */
      failedRowsPerFiveMinutes: z.number().int().min(0).max(1_000_000_000).default(0),
      /** Records throttled in 5 minutes that are tolerated (0: alarm on the first). */
      throttledRecordsPerFiveMinutes: z.number().int().min(0).max(1_000_000_000).default(0),
      /** Age of the oldest undelivered record, seconds; must exceed buffering.intervalSeconds. */
      deliveryFreshnessSeconds: z.number().int().min(60).max(86_400).default(900),
      /** Bytes all queries in the workgroup may scan in an hour (the workgroup data usage control). */
      athenaBytesScannedPerHour: z.number().int().min(10_485_760).max(Number.MAX_SAFE_INTEGER).default(107_374_182_400),
    })
    .strict()
    .prefault({}),
  /**
   * Days the log table keeps rows (1-36500): a daily scheduled Athena `DELETE` removes rows older
   * than midnight UTC `retentionDays` days ago, and S3 Tables maintenance frees their storage.
   */
  retentionDays: z
    .number({ error: `[retention.days] must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}` })
    .int({ error: `[retention.days] must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}` })
    .min(
      MIN_RETENTION_DAYS,
      `[retention.days] must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
    )
    .max(
      MAX_RETENTION_DAYS,
      `[retention.days] must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
    )
    .default(DEFAULT_RETENTION_DAYS),
  /** Iceberg partition spec of the table: transforms of contract columns; `[]` = unpartitioned. */
  partitionSpec: PartitionSpecSchema.default(DEFAULT_PARTITION_SPEC.map((f) => ({ ...f }))),
  /** Iceberg sort (write) order of the table; `[]` = unsorted. */
  sortOrder: SortOrderSchema.default(DEFAULT_SORT_ORDER.map((f) => ({ ...f }))),
  /**
   * How the partition spec and sort order reach the table: `local-exec` (the table step sets them
   * through the S3 Tables Iceberg REST endpoint). `native` (`aws_s3tables_table` sends them at
   * creation) is refused at synth until the pinned AWS provider has `partition_spec` and a write
   * order on `aws_s3tables_table` (see {@link NATIVE_TABLE_LAYOUT_REFUSAL}).
   */
  tableLayout: z
    .enum(['local-exec', 'native'], { error: '[tableLayout.mode] must be local-exec or native' })
    .default('local-exec'),
  /**
   * `prevent_destroy` on the table: no plan may destroy it (the rows would be gone). Set `false`
   * only for throw-away environments that `terraform destroy` must be able to remove.
   */
  protectTable: z.boolean({ error: '[logTable.protect] must be true or false' }).default(true),
  /** A demo ECS task and service that log through FireLens; created only when this is present. */
  demo: z
    .object({
      /** Name or ARN of an existing ECS cluster. */
      cluster: nameSchema(ECS_CLUSTER),
      subnets: z.array(SubnetId).min(1),
      securityGroups: z.array(SecurityGroupId).default([]),
      appImage: nameSchema(CONTAINER_IMAGE).default('public.ecr.aws/docker/library/busybox:stable'),
      assignPublicIp: z.boolean().default(false),
    })
    .strict()
    .optional(),
}).strict();

export type LogPlatformConfig = z.output<typeof LogPlatformConfigSchema>;

/** Reads and validates this app's section of `config`; errors name `environments.<env>.apps.log-platform.<field>`. */
export function readLogPlatformConfig(config: EnvironmentConfig): LogPlatformConfig {
  return parseAppSection(config, 'log-platform', LogPlatformConfigSchema);
}
