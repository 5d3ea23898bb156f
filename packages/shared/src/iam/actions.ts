/**
 * IAM action lists of the building blocks in this package, as named constants (the AWS CDK keeps
 * them in a `permissions.ts` of each module). Every grant and statement builder uses these, so a
 * review of what a grant allows starts here.
 */

/** Read objects and list a general purpose bucket (Service Authorization Reference, Amazon S3). */
export const S3_READ_ACTIONS = ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'] as const;

/** Read and write objects, with the multipart and listing actions Firehose and Athena need. */
export const S3_READ_WRITE_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
] as const;

/** Create streams in and put events into one CloudWatch Logs group. */
export const LOGS_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Lake Formation credential vending (no resource-level permissions; the table grant bounds it). */
export const LAKE_FORMATION_DATA_ACCESS_ACTIONS = ['lakeformation:GetDataAccess'] as const;
