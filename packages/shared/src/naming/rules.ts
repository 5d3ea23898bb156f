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

/**
 * An existing general purpose bucket, such as the Terraform state bucket (S3 User Guide, "General
 * purpose bucket naming rules"; the `aws` prefix is reserved only for buckets this repository
 * creates, see {@link S3_BUCKET_NAME}).
 */
export const S3_EXISTING_BUCKET_NAME: NameRule = {
  id: 's3.existingBucket',
  description:
    'S3 bucket names are 3-63 characters of lowercase letters, numbers, hyphens and periods, begin and end with a letter or number, ' +
    'have no two adjacent periods, are not an IP address, and must not start with xn--, sthree-, amzn-s3-demo- or end with -s3alias, --ol-s3, .mrap, --x-s3, --table-s3',
  test: (n) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(n) &&
    !n.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(n) &&
    !['xn--', 'sthree-', 'amzn-s3-demo-'].some((p) => n.startsWith(p)) &&
    !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].some((x) => n.endsWith(x)),
};

/**
 * The S3 backend's state key template: `{stack}` (replaced by the stack name, so every stack has
 * a state object of its own) plus S3's "safe" key characters (S3 User Guide, "Naming Amazon S3
 * objects": letters, digits, `! - _ . * ' ( )` and `/`), no empty, `.` or `..` path segment
 * (Terraform's S3 backend refuses a key starting or ending with `/` or holding `//`), at most
 * 1,024 bytes.
 */
export const S3_STATE_KEY_TEMPLATE: NameRule = {
  id: 's3.stateKey',
  description:
    'state keys contain {stack} and otherwise only letters, digits, ! - _ . * \' ( ) and /, with no empty, "." or ".." path segment, at most 1024 characters',
  test: (n) =>
    n.length <= 1024 &&
    n.includes('{stack}') &&
    /^[A-Za-z0-9!_.*'()/-]+$/.test(n.split('{stack}').join('x')) &&
    n.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
};

/** A KMS key as the S3 backend's `kms_key_id` takes it: key id, key ARN, `alias/<name>` or alias ARN (KMS Developer Guide, "Key identifiers"). */
export const KMS_KEY_ID: NameRule = {
  id: 'kms.keyId',
  description:
    'KMS keys are a key id (a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN, alias/<name> or an alias ARN; alias names are 1-256 of letters, digits and / _ -',
  test: (n) => {
    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    const mrk = 'mrk-[0-9a-f]{32}';
    const alias = 'alias/[A-Za-z0-9/_-]{1,250}';
    const arn = 'arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:';
    return new RegExp(`^(?:${uuid}|${mrk}|${alias}|${arn}key/(?:${uuid}|${mrk})|${arn}${alias})$`).test(n);
  },
};

/** An existing ECS cluster by name or ARN (ECS API Reference, CreateCluster `clusterName`). */
export const ECS_CLUSTER: NameRule = {
  id: 'ecs.cluster',
  description: 'ECS clusters are a name of 1-255 letters, numbers, underscores and hyphens, or a cluster ARN',
  test: (n) => /^(?:arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/.test(n),
};

/**
 * A container image reference as Docker and ECS parse it (`[registry[:port]/]path[:tag][@digest]`,
 * the grammar of github.com/distribution/reference), at most 255 characters (ECS
 * ContainerDefinition `image`).
 */
export const CONTAINER_IMAGE: NameRule = {
  id: 'ecs.image',
  description:
    'container images are [registry[:port]/]path[:tag][@digest] with a lowercase path (letters, digits, . _ -), a tag of 1-128 letters, digits, _ . -, at most 255 characters',
  test: (n) => {
    const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
    const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
    const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
    const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
    const tag = '[\\w][\\w.-]{0,127}';
    const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
    return n.length <= 255 && new RegExp(`^${name}(?::${tag})?(?:@${digest})?$`).test(n);
  },
};

/**
 * Cognito app client names (CreateUserPoolClient `ClientName`: `[\w\s+=,.@-]+`, 1-128), with the
 * `\s` narrowed to the space character: a tab or newline would pass AWS's pattern.
 */
export const COGNITO_CLIENT_NAME: NameRule = {
  id: 'cognito.clientName',
  description: 'Cognito client names are 1-128 of letters, digits, spaces and + = , . @ _ -',
  test: (n) => /^[\w +=,.@-]{1,128}$/.test(n),
};

/** Throws a {@link ValidationError} naming `field` and the rule unless `name` satisfies it. */
export function assertName(rule: NameRule, name: string, field: string): string {
  if (!rule.test(name)) {
    throw new ValidationError(field, `[${rule.id}] ${rule.description}`, name);
  }
  return name;
}
