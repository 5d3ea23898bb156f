import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { grant, Grant, IGrantable } from '../iam/grant';
import { policyDocument } from '../iam/policy';
import type { PolicyStatement } from '../iam/statement';
import { s3ReadStatement, s3ReadWriteStatement } from '../iam/statements';

export interface SecureBucketProps extends AddressableProps {
  /** Bucket name (may contain a Terraform token such as the account id); `ResourceNames.s3Bucket` checks S3's rule. */
  readonly bucketName: string;
  /** Days after which current objects expire, 1-36500. @default 30 */
  readonly expirationDays?: number;
  /** Days after which noncurrent versions expire, 1-36500. @default 7 */
  readonly noncurrentVersionExpirationDays?: number;
  /** KMS key ARN for SSE-KMS. @default SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Let `terraform destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
  /** Extra bucket policy statements (e.g. for a service principal); the TLS-only deny is always present. @default none */
  readonly extraPolicyStatements?: readonly PolicyStatement[];
}

/** Options of the bucket's grants and statement builders. */
export interface BucketGrantOptions {
  /** Key prefix the access is limited to. @default '' (the whole bucket) */
  readonly prefix?: string;
  /** Statement id. @default 'ReadBucket' for reads, 'ReadWriteBucket' for read-write */
  readonly sid?: string;
}

/**
 * A private S3 bucket with the settings every bucket here needs: encryption, all public
 * access blocked, ACLs disabled, versioning, lifecycle expiry, and a policy that refuses
 * plain-HTTP requests. Every resource's address is `<type>.<addressName>` (`aws_s3_bucket.x`,
 * `aws_s3_bucket_policy.x`, ...).
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const expirationDays = props.expirationDays ?? 30;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 7;
    const name = addressNameOf(id, props);

    this.bucket = setAddress(
      new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false }),
      name,
    );
    const bucket = this.bucket.id;
    const ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
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
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    const lifecycle = new S3BucketLifecycleConfiguration(this, 'lifecycle', {
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
    const policy = new S3BucketPolicy(this, 'policy', {
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
    for (const resource of [ownership, publicAccess, encryption, versioning, lifecycle, policy]) setAddress(resource, name);
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }

  /** Reading (and listing) the objects under `options.prefix`. */
  readStatements(options: BucketGrantOptions = {}): PolicyStatement[] {
    return [s3ReadStatement(this.bucket.arn, options.prefix, options.sid)];
  }

  /** Reading and writing the objects under `options.prefix`, multipart uploads included (as Firehose and Athena write). */
  readWriteStatements(options: BucketGrantOptions = {}): PolicyStatement[] {
    return [s3ReadWriteStatement(this.bucket.arn, options.prefix, options.sid)];
  }

  /** Lets `grantee` read (and list) the objects under `options.prefix`. */
  grantRead(grantee: IGrantable, options: BucketGrantOptions = {}): Grant {
    return grant(grantee, this.readStatements(options));
  }

  /** Lets `grantee` read and write the objects under `options.prefix`. */
  grantReadWrite(grantee: IGrantable, options: BucketGrantOptions = {}): Grant {
    return grant(grantee, this.readWriteStatements(options));
  }
}
