import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { athenaQueryStatements, athenaWorkgroupArn, NamedQuerySpec } from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressName,
  addressNameOf,
  grant,
  Grant,
  IGrantable,
  PlatformStack,
  PolicyStatement,
  SecureBucket,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface LogAnalyticsProps extends AddressableProps {
  /** Workgroup name (`ResourceNames.athenaWorkgroup` checks Athena's rule). */
  readonly workgroupName: string;
  /** Results bucket name (`ResourceNames.s3Bucket`). */
  readonly resultsBucketName: string;
  /** Per-query bytes-scanned cutoff in bytes, at least 10 MiB (Athena's minimum). @default 1 GiB */
  readonly bytesScannedCutoff?: number;
  /** Days query results are kept, 1-3650. @default 7 */
  readonly resultsExpirationDays?: number;
  /** Database the named queries open in (the namespace). */
  readonly database: string;
  /** The shared queries (the log contract's `namedQueries`); names unique. */
  readonly namedQueries: readonly NamedQuerySpec[];
}

/** Athena's lower bound of `BytesScannedCutoffPerQuery`. */
export const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;

/**
 * Athena for the log table: a workgroup whose settings clients cannot override (result
 * location, SSE-S3 encryption, engine version 3, bytes-scanned cutoff), an encrypted
 * results bucket with expiry, and the named queries of the schema contract.
 *
 * Addresses, for address name `n`: `aws_athena_workgroup.n`, the results bucket's resources
 * `<type>.n_results`, and `aws_athena_named_query.<query name in snake_case>`.
 */
export class LogAnalytics extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly resultsBucket: SecureBucket;
  readonly queries: Record<string, AthenaNamedQuery> = {};
  readonly workgroupArn: string;

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    const name = addressNameOf(id, props);
    this.resultsBucket = new SecureBucket(this, 'results', {
      addressName: `${name}_results`,
      bucketName: props.resultsBucketName,
      expirationDays: props.resultsExpirationDays ?? 7,
    });
    this.workgroup = setAddress(
      new AthenaWorkgroup(this, 'workgroup', {
        name: props.workgroupName,
        description: 'Log analytics over the S3 Tables log table',
        state: 'ENABLED',
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: props.bytesScannedCutoff ?? 1_073_741_824,
          engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
          resultConfiguration: {
            outputLocation: `s3://${this.resultsBucket.name}/results/`,
            expectedBucketOwner: PlatformStack.of(this).account,
            encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          },
        },
      }),
      name,
    );
    this.workgroupArn = athenaWorkgroupArn(PlatformStack.of(this), props.workgroupName);
    for (const spec of props.namedQueries) {
      // Query names come from code, not config: a repeat would silently replace a query.
      if (spec.name in this.queries) {
        throw new ValidationError(`${id}.namedQueries`, '[athena.namedQuery] names must be unique', spec.name);
      }
      this.queries[spec.name] = setAddress(
        new AthenaNamedQuery(this, `query-${spec.name}`, {
          name: spec.name,
          description: spec.description,
          database: props.database,
          workgroup: this.workgroup.name,
          query: spec.query,
          // Every argument forces a new named query; created first, the query is never missing
          // from the console while its SQL changes (names need not be unique in Athena).
          lifecycle: { createBeforeDestroy: true },
        }),
        addressName(spec.name),
      );
    }
  }

  /** Running queries in this workgroup, reading and writing its results. */
  queryStatements(): PolicyStatement[] {
    return athenaQueryStatements(this.workgroupArn, this.resultsBucket.arn);
  }

  /** Lets `grantee` run queries in this workgroup and read and write its results. */
  grantQuery(grantee: IGrantable): Grant {
    return grant(grantee, this.queryStatements());
  }
}
