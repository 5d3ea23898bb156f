import { z } from 'zod';
import { EMAIL } from './email';

/** An SNS topic ARN in any partition (SNS API Reference, CreateTopic: names are 1-256 of letters, digits, - and _). */
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/**
 * `alarms.notifications` of an app section: where the stack's alarms send ALARM and OK
 * transitions. `{ "emails": [...] }` creates an encrypted topic with those subscriptions;
 * `{ "topicArn": "..." }` uses an existing topic in the stack's region. Absent: the alarms have no
 * actions (they still change state and show on the dashboard).
 */
export const AlarmNotificationsSchema = z.union([
  z
    .object({
      /** Each address receives a confirmation e-mail from SNS and gets nothing until it confirms. */
      emails: z
        .array(z.string().regex(EMAIL, 'must be a plain e-mail address'))
        .min(1)
        .max(20)
        .refine((e) => new Set(e.map((x) => x.toLowerCase())).size === e.length, 'must not repeat an address'),
    })
    .strict(),
  z
    .object({
      /** An existing topic whose policy (and KMS key, if encrypted) lets cloudwatch.amazonaws.com publish. */
      topicArn: z
        .string()
        .regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN such as "arn:aws:sns:eu-west-1:123456789012:ops-alarms"'),
    })
    .strict(),
]);

export type AlarmNotifications = z.output<typeof AlarmNotificationsSchema>;
