import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import {
  assertName,
  ATHENA_WORKGROUP_NAME,
  PolicyStatement,
  s3ReadWriteStatement,
  SecureBucket,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import type { IGrantable } from './log-delivery-stream';
import { NamedQuerySpec } from './named-queries';

export interface LogAnalyticsProps {
  /** Workgroup name (`ResourceNames.athenaWorkgroup`). */
  readonly workgroupName: string;
  /** Results bucket name (`ResourceNames.s3Bucket`). */
  readonly resultsBucketName: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Per-query bytes-scanned cutoff (Athena minimum 10 MiB; default 1 GiB). */
  readonly bytesScannedCutoff?: number;
  /** Days query results are kept (default 7). */
  readonly resultsExpirationDays?: number;
  /** Database the named queries open in (the namespace). */
  readonly database: string;
  readonly namedQueries: readonly NamedQuerySpec[];
}

/** Athena's lower bound of `BytesScannedCutoffPerQuery`. */
export const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;

/**
 * Athena for the log table: a workgroup whose settings clients cannot override (result
 * location, SSE-S3 encryption, engine version 3, bytes-scanned cutoff), an encrypted
 * results bucket with expiry, and the named queries of the schema contract.
 */
export class LogAnalytics extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly resultsBucket: SecureBucket;
  readonly queries: Record<string, AthenaNamedQuery> = {};
  readonly workgroupArn: string;

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    assertName(ATHENA_WORKGROUP_NAME, props.workgroupName, `${id}.workgroupName`);
    const cutoff = props.bytesScannedCutoff ?? 1_073_741_824;
    if (!Number.isInteger(cutoff) || cutoff < MIN_BYTES_SCANNED_CUTOFF) {
      throw new ValidationError(
        `${id}.bytesScannedCutoff`,
        `[athena.bytesScannedCutoff] must be a whole number of bytes >= ${MIN_BYTES_SCANNED_CUTOFF}`,
        cutoff,
      );
    }
    this.resultsBucket = new SecureBucket(this, 'results', {
      bucketName: props.resultsBucketName,
      expirationDays: props.resultsExpirationDays ?? 7,
    });
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: props.workgroupName,
      description: 'Log analytics over the S3 Tables log table',
      state: 'ENABLED',
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.name}/results/`,
          expectedBucketOwner: props.accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.workgroupArn = `arn:${props.partition}:athena:${props.region}:${props.accountId}:workgroup/${props.workgroupName}`;
    const seen = new Set<string>();
    for (const spec of props.namedQueries) {
      if (seen.has(spec.name))
        throw new ValidationError(`${id}.namedQueries`, '[athena.namedQuery] names must be unique', spec.name);
      seen.add(spec.name);
      this.queries[spec.name] = new AthenaNamedQuery(this, `query-${spec.name}`, {
        name: spec.name,
        description: spec.description,
        database: props.database,
        workgroup: this.workgroup.name,
        query: spec.query,
      });
    }
  }

  /** Running queries in this workgroup, reading and writing its results (the MCP Lambda needs this). */
  queryStatements(): PolicyStatement[] {
    return athenaQueryStatements(this.workgroupArn, this.resultsBucket.arn);
  }

  grantQuery(grantee: IGrantable): void {
    grantee.addToPolicy(...this.queryStatements());
  }
}

/**
 * Queries in one workgroup and read/write of its `results/` prefix, for a workgroup known by
 * ARN: {@link LogAnalytics.queryStatements} and readers in other stacks share this definition.
 */
export function athenaQueryStatements(workgroupArn: string, resultsBucketArn: string): PolicyStatement[] {
  return [
    {
      sid: 'AthenaWorkgroupQueries',
      actions: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      resources: [workgroupArn],
    },
    // Athena writes and reads the results with the caller's credentials.
    s3ReadWriteStatement(resultsBucketArn, 'results/', 'AthenaResults'),
  ];
}
