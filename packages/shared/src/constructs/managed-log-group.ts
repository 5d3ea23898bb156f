import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import type { PolicyStatement } from '../iam/policy';

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface ManagedLogGroupProps {
  /** Log group name, e.g. `/aws/lambda/<fn>`; 1-512 characters of `[\w#./-]`. */
  readonly name: string;
  /** Days to keep events (default 30); one of {@link LOG_RETENTION_DAYS}. */
  readonly retentionInDays?: number;
  /** Customer managed KMS key ARN; CloudWatch Logs encrypts with an AWS key otherwise. */
  readonly kmsKeyArn?: string;
}

/** A CloudWatch log group that never keeps data forever (the CloudWatch default). */
export class ManagedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ManagedLogGroupProps) {
    super(scope, id);
    const retention = props.retentionInDays ?? 30;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new ValidationError(
        `${id}.retentionInDays`,
        `[logs.retention] must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
        retention,
      );
    }
    if (!/^[\w#./-]{1,512}$/.test(props.name)) {
      throw new ValidationError(
        `${id}.name`,
        '[logs.groupName] log group names are 1-512 characters of letters, numbers and _ - / . #',
        props.name,
      );
    }
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: retention,
      ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
    });
  }

  get arn(): string {
    return this.logGroup.arn;
  }

  get name(): string {
    return this.logGroup.name;
  }

  /** Statement allowing a principal to create streams and put events in this group only. */
  grantWrite(): PolicyStatement {
    return {
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${this.logGroup.arn}:*`],
    };
  }
}
