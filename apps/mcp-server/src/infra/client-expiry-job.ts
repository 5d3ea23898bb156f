import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import {
  AddressableProps,
  addressName,
  addressNameOf,
  IAlarmTopic,
  metric,
  MetricAlarm,
  ServiceRole,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'node:path';
// env.ts has no imports: synth must not load the SDK.
import { CLIENT_EXPIRY_ENV, CLIENT_EXPIRY_METRICS, DEFAULT_METRIC_NAMESPACE } from '../lambda/client-expiry/env';
import { bundledNodeFunction } from './bundled-node-function';
import type { McpUserPool } from './mcp-user-pool';

/** Where `npm run build` writes the job's zip; two levels up from both src/infra and dist/infra. */
export const DEFAULT_CLIENT_EXPIRY_BUNDLE_PATH = path.resolve(__dirname, '..', '..', 'dist', 'lambda', 'client-expiry.zip');

export interface ClientExpiryJobProps extends AddressableProps {
  readonly userPool: McpUserPool;
  /** Function name (`ResourceNames.lambdaFunction`). */
  readonly functionName: string;
  /** Execution role name (`ResourceNames.iamRole`). */
  readonly roleName: string;
  /** The scheduler's role name (`ResourceNames.iamRole`). */
  readonly schedulerRoleName: string;
  /** Schedule name, 1-64 of letters, digits and . _ - (EventBridge Scheduler's rule). */
  readonly scheduleName: string;
  /** Alarm name. */
  readonly alarmName: string;
  /** Days a registered client lives, 1-3650. */
  readonly clientTtlDays: number;
  /** App clients the job must never delete (Terraform tokens are fine). @default none */
  readonly protectedClientIds?: readonly string[];
  /** Hours between runs, 1-24; also the alarm's period. @default 1 */
  readonly scheduleHours?: number;
  /** The pool's app-client quota. @default 1000 (Cognito's default) */
  readonly appClientQuota?: number;
  /** The alarm fires at this percentage of the quota, 1-100. @default 80 */
  readonly alarmThresholdPercent?: number;
  /** Days to keep the job's logs (a CloudWatch retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** CloudWatch namespace of the job's metrics. @default 'McpServer/Registration' */
  readonly metricNamespace?: string;
  /** Where the quota alarm notifies (the stack's alarm topic). @default no actions */
  readonly topic?: IAlarmTopic;
  /** The zip to deploy. @default {@link DEFAULT_CLIENT_EXPIRY_BUNDLE_PATH} */
  readonly bundlePath?: string;
}

/** IAM actions of the job on its user pool (Service Authorization Reference, Amazon Cognito user pools). */
export const CLIENT_EXPIRY_ACTIONS = [
  'cognito-idp:ListUserPoolClients',
  'cognito-idp:DescribeUserPoolClient',
  'cognito-idp:DeleteUserPoolClient',
] as const;

/**
 * Registered clients that expire: an EventBridge Scheduler schedule runs a small Lambda every
 * `scheduleHours` that deletes the app clients POST /register created more than `clientTtlDays`
 * ago (never `protectedClientIds`), and publishes the pool's app-client count
 * (`AppClients`, an embedded-metric-format record in its log) on which an alarm fires at
 * `alarmThresholdPercent` of `appClientQuota`. Its role may list, describe and delete app clients of
 * this one pool and write its own log group; the scheduler's role may invoke this one function.
 * Addresses, for address name `n`: `aws_lambda_function.n`, `aws_iam_role.n` (+ policy),
 * `aws_cloudwatch_log_group.n`, `aws_iam_role.n_scheduler` (+ policy), `aws_scheduler_schedule.n`,
 * `aws_cloudwatch_metric_alarm.n_app_client_quota`.
 */
export class ClientExpiryJob extends Construct {
  readonly fn: LambdaFunction;
  readonly role: ServiceRole;
  readonly schedule: SchedulerSchedule;
  readonly quotaAlarm: MetricAlarm;
  /** The number of app clients at which the alarm fires. */
  readonly alarmThreshold: number;

  constructor(scope: Construct, id: string, props: ClientExpiryJobProps) {
    super(scope, id);
    const name = addressNameOf(id, props);
    const hours = props.scheduleHours ?? 1;
    const quota = props.appClientQuota ?? 1000;
    const percent = props.alarmThresholdPercent ?? 80;
    const check = (field: string, value: number, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new ValidationError(`${id}.${field}`, `[clientExpiry.${field}] a whole number ${min}-${max}`, value);
      }
    };
    check('clientTtlDays', props.clientTtlDays, 1, 3650);
    check('scheduleHours', hours, 1, 24);
    check('appClientQuota', quota, 1, 1_000_000);
    check('alarmThresholdPercent', percent, 1, 100);
    if (!/^[0-9a-zA-Z._-]{1,64}$/.test(props.scheduleName)) {
      throw new ValidationError(`${id}.scheduleName`, '[scheduler.name] 1-64 of letters, digits and . _ -', props.scheduleName);
    }
    const namespace = props.metricNamespace ?? DEFAULT_METRIC_NAMESPACE;
    this.alarmThreshold = Math.ceil((quota * percent) / 100);

    const parts = bundledNodeFunction(this, {
      addressName: name,
      field: id,
      bundlePath: props.bundlePath ?? DEFAULT_CLIENT_EXPIRY_BUNDLE_PATH,
      functionName: props.functionName,
      description: 'Deletes expired Dynamic Client Registration app clients; publishes the app-client count',
      handler: 'client-expiry.handler',
      roleName: props.roleName,
      roleDescription: 'MCP registered-client expiry: lists, describes and deletes app clients of one user pool',
      memorySize: 256,
      // 1,000 clients are 1,000 DescribeUserPoolClient calls plus the deletions, with SDK retries.
      timeout: 300,
      // One run at a time: an overlapping run would only race the first over the same clients.
      reservedConcurrency: 1,
      environment: {
        [CLIENT_EXPIRY_ENV.userPoolId]: props.userPool.userPool.id,
        [CLIENT_EXPIRY_ENV.clientTtlDays]: String(props.clientTtlDays),
        [CLIENT_EXPIRY_ENV.protectedClientIds]: Fn.join(',', [...(props.protectedClientIds ?? [])]),
        [CLIENT_EXPIRY_ENV.metricNamespace]: namespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
      logRetentionDays: props.logRetentionDays ?? 30,
      waitForPolicy: true,
    });
    this.fn = parts.fn;
    this.role = parts.role;
    this.role.addToPolicy({
      sid: 'ExpireRegisteredClients',
      actions: CLIENT_EXPIRY_ACTIONS,
      resources: [props.userPool.userPool.arn],
    });

    const schedulerRole = new ServiceRole(this, 'scheduler-role', {
      addressName: addressName(name, 'scheduler'),
      roleName: props.schedulerRoleName,
      servicePrincipal: 'scheduler.amazonaws.com',
      description: 'EventBridge Scheduler: invokes the MCP registered-client expiry function only',
    });
    schedulerRole.addToPolicy({ sid: 'InvokeClientExpiry', actions: ['lambda:InvokeFunction'], resources: [this.fn.arn] });
    this.schedule = setAddress(
      new SchedulerSchedule(this, 'schedule', {
        name: props.scheduleName,
        description: `Deletes Dynamic Client Registration clients older than ${props.clientTtlDays} days`,
        scheduleExpression: hours === 1 ? 'rate(1 hour)' : `rate(${hours} hours)`,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.fn.arn,
          roleArn: schedulerRole.roleArn,
          // The job is idempotent and runs again at the next interval.
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        },
      }),
      name,
    );

    this.quotaAlarm = new MetricAlarm(this, 'quota-alarm', {
      addressName: addressName(name, 'app_client_quota'),
      alarmName: props.alarmName,
      description:
        `The user pool holds ${percent}% of its ${quota} app-client quota: registrations will fail when it is full. ` +
        'Look for a registration flood (WAF blocked requests, access logs) or lower registration.clientTtlDays. ' +
        'Threshold: registration.clientExpiry.alarmThresholdPercent of registration.clientExpiry.appClientQuota.',
      metric: metric(
        {
          namespace,
          metricName: CLIENT_EXPIRY_METRICS.appClients,
          dimensions: { UserPoolId: props.userPool.userPool.id },
          statistic: 'Maximum',
          periodSeconds: hours * 3600,
        },
        `${id}.metric`,
      ),
      threshold: this.alarmThreshold,
      comparison: 'GreaterThanOrEqualToThreshold',
      // No data means the job did not run: neither full nor fine.
      treatMissingData: 'missing',
      topic: props.topic,
    });
  }
}
