import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AddressableProps, addressName, addressNameOf, setAddress } from '../addresses';
import { ValidationError } from '../errors';
import { policyDocument } from '../iam/policy';
import { PlatformStack } from '../platform-stack';
import { AlarmNotifications, SNS_TOPIC_ARN } from './alarms-config';
import { EMAIL } from './email';

/** Where alarms send their state changes: an SNS topic ARN. */
export interface IAlarmTopic {
  readonly topicArn: string;
}

export interface AlarmTopicProps extends AddressableProps {
  /** Topic name, 1-256 of letters, digits, `-` and `_` (SNS); also the KMS alias `alias/<topicName>`. */
  readonly topicName: string;
  /**
   * Alarms that may publish, as a name pattern with `*` (e.g. `acme-dev-log-platform-*`): the
   * `aws:SourceArn` condition of the topic and key policies.
   */
  readonly alarmNamePattern: string;
  /** Addresses that get every alarm and OK notification; each must confirm the subscription e-mail. @default none */
  readonly emails?: readonly string[];
}

/** SNS topic names (SNS API Reference, CreateTopic). */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const ALARM_NAME_PATTERN = /^[A-Za-z0-9._*-]{1,255}$/;

/**
 * An SNS topic for CloudWatch alarm notifications, encrypted with a customer managed KMS key
 * (rotation on) that only this account administers and CloudWatch may use for alarms matching
 * `alarmNamePattern` in this account and region. An AWS managed key (`alias/aws/sns`) cannot
 * work: its policy cannot be changed to let CloudWatch use it, and alarms publishing to such a
 * topic are silently dropped (SNS Developer Guide, "Enable compatibility between event sources
 * from AWS services and encrypted topics"). Optional e-mail subscriptions.
 *
 * Addresses, for address name `n`: `aws_kms_key.n`, `aws_kms_alias.n`, `aws_sns_topic.n`,
 * `aws_sns_topic_policy.n`, `aws_sns_topic_subscription.n_email_<i>`.
 */
export class AlarmTopic extends Construct implements IAlarmTopic {
  readonly key: KmsKey;
  readonly topic: SnsTopic;
  readonly subscriptions: SnsTopicSubscription[] = [];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const name = addressNameOf(id, props);
    const stack = PlatformStack.of(this);
    if (!TOPIC_NAME.test(props.topicName)) {
      throw new ValidationError(`${id}.topicName`, '[sns.topicName] 1-256 of letters, digits, - and _', props.topicName);
    }
    if (!ALARM_NAME_PATTERN.test(props.alarmNamePattern)) {
      throw new ValidationError(
        `${id}.alarmNamePattern`,
        '[cloudwatch.alarmNamePattern] letters, digits, . _ - and *',
        props.alarmNamePattern,
      );
    }
    for (const email of props.emails ?? []) {
      if (!EMAIL.test(email)) throw new ValidationError(`${id}.emails`, '[sns.email] a plain e-mail address', email);
    }
    const account = stack.account;
    const alarmArns = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: props.alarmNamePattern,
      sep: ':',
    });
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': alarmArns },
    };

    this.key = setAddress(
      new KmsKey(this, 'key', {
        description: `Encrypts the ${props.topicName} alarm topic; CloudWatch may use it for this stack's alarms`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // A key policy (not an identity policy), so it is written here: the account-root statement is the
        // AWS default that keeps the key administrable through IAM, and `Resource: "*"` means this key.
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AccountAdministersThroughIam',
              Effect: 'Allow',
              Principal: { AWS: stack.formatArn({ service: 'iam', region: '', resource: 'root' }) },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'CloudWatchAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
              Condition: fromOurAlarms,
            },
          ],
        }),
      }),
      name,
    );
    setAddress(new KmsAlias(this, 'alias', { name: `alias/${props.topicName}`, targetKeyId: this.key.keyId }), name);
    this.topic = setAddress(new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: this.key.arn }), name);
    setAddress(
      new SnsTopicPolicy(this, 'policy', {
        arn: this.topic.arn,
        policy: policyDocument(
          [
            {
              sid: 'CloudWatchAlarmsPublish',
              principals: { Service: 'cloudwatch.amazonaws.com' },
              actions: ['sns:Publish'],
              resources: [this.topic.arn],
              conditions: fromOurAlarms,
            },
          ],
          `${id}.topicPolicy`,
        ),
      }),
      name,
    );
    (props.emails ?? []).forEach((email, i) => {
      this.subscriptions.push(
        setAddress(
          new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email }),
          addressName(name, 'email', String(i)),
        ),
      );
    });
  }

  get topicArn(): string {
    return this.topic.arn;
  }
}

/** A topic that exists elsewhere; its policy and key must already let CloudWatch publish (see {@link AlarmTopic}). */
export function existingAlarmTopic(topicArn: string): IAlarmTopic {
  return { topicArn };
}

export interface AlarmTopicFromConfigOptions {
  /** Name of the topic created for `{ emails }`. */
  readonly topicName: string;
  /** The stack's alarm names as a pattern with `*` (the policies' `aws:SourceArn`). */
  readonly alarmNamePattern: string;
  /** Dotted config path of `notifications`, for errors. */
  readonly field: string;
  /** Address name of the created topic, its key, alias, policy and subscriptions. @default derived from the construct id */
  readonly addressName?: string;
}

/**
 * The topic `notifications` asks for: a new {@link AlarmTopic} for `{ emails }`, the existing
 * topic for `{ topicArn }` (which must be in the stack's region: CloudWatch alarm actions cannot
 * reach another region), or `undefined` for none.
 */
export function alarmTopicFromConfig(
  scope: Construct,
  id: string,
  notifications: AlarmNotifications | undefined,
  options: AlarmTopicFromConfigOptions,
): IAlarmTopic | undefined {
  if (!notifications) return undefined;
  if ('topicArn' in notifications) {
    const region = SNS_TOPIC_ARN.exec(notifications.topicArn)?.[1];
    const stackRegion = PlatformStack.of(scope).region;
    if (region !== stackRegion) {
      throw new ValidationError(
        `${options.field}.topicArn`,
        `[cloudwatch.alarmActionRegion] alarms in ${stackRegion} can only notify a topic in ${stackRegion}`,
        notifications.topicArn,
      );
    }
    return existingAlarmTopic(notifications.topicArn);
  }
  return new AlarmTopic(scope, id, {
    topicName: options.topicName,
    alarmNamePattern: options.alarmNamePattern,
    emails: notifications.emails,
    ...(options.addressName ? { addressName: options.addressName } : {}),
  });
}

/**
 * The alarm topic of `stack` from its app's `alarms.notifications`: a topic named
 * `<project>-<env>-<app>-alarms` (address `alarms`) that the stack's alarms
 * (`<project>-<env>-<app>-*`) may publish to, the existing topic, or none.
 */
export function stackAlarmTopic(stack: PlatformStack, notifications: AlarmNotifications | undefined): IAlarmTopic | undefined {
  return alarmTopicFromConfig(stack, 'alarm-topic', notifications, {
    topicName: stack.names.name('alarms'),
    alarmNamePattern: `${stack.names.prefix}-*`,
    field: stack.configField('alarms', 'notifications'),
    addressName: 'alarms',
  });
}
