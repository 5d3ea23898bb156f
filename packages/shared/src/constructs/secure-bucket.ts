import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { PolicyStatement, policyDocument } from '../iam/policy';

export interface SecureBucketProps {
  /** Bucket name (may contain a Terraform token such as the account id). */
  readonly bucketName: string;
  /** Days after which current objects expire (default 30). */
  readonly expirationDays?: number;
  /** Days after which noncurrent versions expire (default 7). */
  readonly noncurrentVersionExpirationDays?: number;
  /** KMS key ARN for SSE-KMS; SSE-S3 (AES256) when absent. */
  readonly kmsKeyArn?: string;
  /** Let `terraform destroy` delete a non-empty bucket (default false). */
  readonly forceDestroy?: boolean;
  /** Extra bucket policy statements (e.g. for a service principal); the TLS-only deny is always present. */
  readonly extraPolicyStatements?: readonly PolicyStatement[];
}

/**
 * A private S3 bucket with the settings every bucket here needs: encryption, all public
 * access blocked, ACLs disabled, versioning, lifecycle expiry, and a policy that refuses
 * plain-HTTP requests.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const expirationDays = props.expirationDays ?? 30;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 7;
    for (const [field, v] of [
      ['expirationDays', expirationDays],
      ['noncurrentVersionExpirationDays', noncurrentDays],
    ] as const) {
      if (!Number.isInteger(v) || v < 1 || v > 36500) {
        throw new ValidationError(`${id}.${field}`, '[s3.lifecycleDays] must be a whole number of days between 1 and 36500', v);
      }
    }

    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    const bucket = this.bucket.id;
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-objects',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument(
        [
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            principals: { AWS: '*' },
            actions: ['s3:*'],
            resources: [this.bucket.arn, `${this.bucket.arn}/*`],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          ...(props.extraPolicyStatements ?? []),
        ],
        `${id}.policy`,
      ),
    });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }

  /** Statement for reading objects (and listing) under `prefix` (default all). */
  grantRead(prefix = ''): PolicyStatement {
    return {
      sid: 'ReadBucket',
      actions: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'],
      resources: [this.bucket.arn, `${this.bucket.arn}/${prefix}*`],
    };
  }

  /** Statement for writing objects, including multipart uploads, as Firehose and Athena do. */
  grantReadWrite(prefix = ''): PolicyStatement {
    return s3ReadWriteStatement(this.bucket.arn, prefix);
  }
}

/**
 * Read and write of the objects under `prefix` of a bucket known only by ARN (e.g. one in
 * another stack), with the multipart and listing actions Firehose and Athena need.
 */
export function s3ReadWriteStatement(bucketArn: string, prefix = '', sid = 'ReadWriteBucket'): PolicyStatement {
  return {
    sid,
    actions: [
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:PutObject',
    ],
    resources: [bucketArn, `${bucketArn}/${prefix}*`],
  };
}
