import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { ValidationError } from '../errors';
import { grant, Grant, IGrantable } from '../iam/grant';
import type { PolicyStatement } from '../iam/statement';
import { logGroupWriteStatement } from '../iam/statements';

export interface ManagedLogGroupProps extends AddressableProps {
  /** Log group name, e.g. `/aws/lambda/<fn>`; 1-512 characters of `[\w#./-]`. */
  readonly name: string;
  /**
   * Days to keep events; one of `LOG_RETENTION_DAYS` (config schemas check it with `LogRetentionDaysSchema`).
   * @default 30
   */
  readonly retentionInDays?: number;
  /** Customer managed KMS key ARN. @default CloudWatch Logs encrypts with an AWS owned key */
  readonly kmsKeyArn?: string;
}

/** Options of {@link ManagedLogGroup.grantWrite}. */
export interface LogGroupGrantOptions {
  /** Statement id. @default 'WriteLogs' */
  readonly sid?: string;
}

/**
 * A CloudWatch log group that never keeps data forever (the CloudWatch default). Its address is
 * `aws_cloudwatch_log_group.<addressName>`.
 */
export class ManagedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ManagedLogGroupProps) {
    super(scope, id);
    // Names are derived in code (not config), so their rule is checked here.
    if (!/^[\w#./-]{1,512}$/.test(props.name)) {
      throw new ValidationError(
        `${id}.name`,
        '[logs.groupName] log group names are 1-512 characters of letters, numbers and _ - / . #',
        props.name,
      );
    }
    this.logGroup = setAddress(
      new CloudwatchLogGroup(this, 'group', {
        name: props.name,
        retentionInDays: props.retentionInDays ?? 30,
        ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
      }),
      addressNameOf(id, props),
    );
  }

  get arn(): string {
    return this.logGroup.arn;
  }

  get name(): string {
    return this.logGroup.name;
  }

  /** Creating streams in and putting events into this group only. */
  writeStatements(options: LogGroupGrantOptions = {}): PolicyStatement[] {
    return [logGroupWriteStatement(this.logGroup.arn, options.sid)];
  }

  /** Lets `grantee` create streams in and put events into this group only. */
  grantWrite(grantee: IGrantable, options: LogGroupGrantOptions = {}): Grant {
    return grant(grantee, this.writeStatements(options));
  }
}
