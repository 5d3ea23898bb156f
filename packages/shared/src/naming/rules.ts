import { ValidationError } from '../errors';

/** A naming rule of one AWS service: a predicate plus the wording shown on failure. */
export interface NameRule {
  /** Short identifier of the rule, e.g. `s3tables.bucket`. */
  readonly id: string;
  /** The AWS rule in words, quoted in every error. */
  readonly description: string;
  readonly test: (name: string) => boolean;
}

const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-', 'aws'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

/** S3 Tables table bucket names (S3 User Guide, "Amazon S3 table bucket naming rules"). */
export const S3_TABLE_BUCKET_NAME: NameRule = {
  id: 's3tables.bucket',
  description:
    'S3 table bucket names are 3-63 characters of lowercase letters, numbers and hyphens, begin and end with a letter or number, ' +
    `and must not start with ${RESERVED_BUCKET_PREFIXES.join(', ')} or end with ${RESERVED_BUCKET_SUFFIXES.join(', ')}`,
  test: (n) =>
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(n) &&
    !RESERVED_BUCKET_PREFIXES.some((p) => n.startsWith(p)) &&
    !RESERVED_BUCKET_SUFFIXES.some((s) => n.endsWith(s)),
};

/** S3 Tables namespaces (also the Glue/Athena database name of the federated catalog). */
export const S3_TABLES_NAMESPACE: NameRule = {
  id: 's3tables.namespace',
  description:
    'S3 Tables namespaces are 1-255 characters of lowercase letters, numbers and underscores, begin and end with a letter or number, and must not start with "aws"',
  test: (n) => /^[a-z0-9]([a-z0-9_]{0,253}[a-z0-9])?$/.test(n) && !n.startsWith('aws'),
};

/** S3 Tables table names; hyphens are excluded because Athena cannot query them unquoted. */
export const S3_TABLES_TABLE: NameRule = {
  id: 's3tables.table',
  description:
    'S3 Tables table names are 1-255 characters of lowercase letters, numbers and underscores and begin and end with a letter or number',
  test: (n) => /^[a-z0-9]([a-z0-9_]{0,253}[a-z0-9])?$/.test(n),
};

/** Cognito managed login (hosted UI) domain prefixes. */
export const COGNITO_DOMAIN_PREFIX: NameRule = {
  id: 'cognito.domainPrefix',
  description:
    'Cognito domain prefixes are 1-63 characters of lowercase letters, numbers and hyphens, do not begin or end with a hyphen, and must not contain "aws", "amazon" or "cognito"',
  test: (n) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(n) && !/aws|amazon|cognito/.test(n),
};

/** IAM role names. */
export const IAM_ROLE_NAME: NameRule = {
  id: 'iam.roleName',
  description: 'IAM role names are 1-64 characters of letters, numbers and + = , . @ _ -',
  test: (n) => /^[\w+=,.@-]{1,64}$/.test(n),
};

/** Amazon Data Firehose delivery stream names. */
export const FIREHOSE_STREAM_NAME: NameRule = {
  id: 'firehose.streamName',
  description: 'Firehose stream names are 1-64 characters of letters, numbers, underscores, hyphens and periods',
  test: (n) => /^[a-zA-Z0-9_.-]{1,64}$/.test(n),
};

/** General purpose S3 bucket names (result and error buckets). */
export const S3_BUCKET_NAME: NameRule = {
  id: 's3.bucket',
  description:
    'S3 bucket names are 3-63 characters of lowercase letters, numbers, hyphens and periods, begin and end with a letter or number, ' +
    `and must not start with ${RESERVED_BUCKET_PREFIXES.join(', ')} or end with ${RESERVED_BUCKET_SUFFIXES.join(', ')}`,
  test: (n) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(n) &&
    !n.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(n) &&
    !RESERVED_BUCKET_PREFIXES.some((p) => n.startsWith(p)) &&
    !RESERVED_BUCKET_SUFFIXES.some((s) => n.endsWith(s)),
};

/** Lambda function names. */
export const LAMBDA_FUNCTION_NAME: NameRule = {
  id: 'lambda.functionName',
  description: 'Lambda function names are 1-64 characters of letters, numbers, hyphens and underscores',
  test: (n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n),
};

/** Athena workgroup names. */
export const ATHENA_WORKGROUP_NAME: NameRule = {
  id: 'athena.workgroup',
  description: 'Athena workgroup names are 1-128 characters of letters, numbers, periods, underscores and hyphens',
  test: (n) => /^[a-zA-Z0-9._-]{1,128}$/.test(n),
};

/** EventBridge Scheduler schedule names (CreateSchedule `Name`). */
export const SCHEDULER_SCHEDULE_NAME: NameRule = {
  id: 'scheduler.scheduleName',
  description: 'EventBridge Scheduler schedule names are 1-64 characters of letters, numbers, periods, underscores and hyphens',
  test: (n) => /^[0-9a-zA-Z._-]{1,64}$/.test(n),
};

/** Throws a {@link ValidationError} naming `field` and the rule unless `name` satisfies it. */
export function assertName(rule: NameRule, name: string, field: string): string {
  if (!rule.test(name)) {
    throw new ValidationError(field, `[${rule.id}] ${rule.description}`, name);
  }
  return name;
}
