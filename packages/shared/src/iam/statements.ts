import { LAKE_FORMATION_DATA_ACCESS_ACTIONS, LOGS_WRITE_ACTIONS, S3_READ_ACTIONS, S3_READ_WRITE_ACTIONS } from './actions';
import type { PolicyStatement } from './statement';

/**
 * Pure statement builders for callers that need statements only (a bucket or log group known by
 * ARN, e.g. in another stack); the constructs' `grantX(grantee)` methods use the same builders.
 */

/** Reading (and listing) the objects under `prefix` of the bucket `bucketArn`; `prefix` '' is the whole bucket. */
export function s3ReadStatement(bucketArn: string, prefix = '', sid = 'ReadBucket'): PolicyStatement {
  return { sid, actions: S3_READ_ACTIONS, resources: [bucketArn, `${bucketArn}/${prefix}*`] };
}

/** Reading and writing the objects under `prefix` of the bucket `bucketArn`, multipart uploads included. */
export function s3ReadWriteStatement(bucketArn: string, prefix = '', sid = 'ReadWriteBucket'): PolicyStatement {
  return { sid, actions: S3_READ_WRITE_ACTIONS, resources: [bucketArn, `${bucketArn}/${prefix}*`] };
}

/** Creating streams in and putting events into the log group `logGroupArn` only. */
export function logGroupWriteStatement(logGroupArn: string, sid = 'WriteLogs'): PolicyStatement {
  return { sid, actions: LOGS_WRITE_ACTIONS, resources: [`${logGroupArn}:*`] };
}

/** Lake Formation credential vending; the action has no resource-level permissions. */
export const LAKE_FORMATION_DATA_ACCESS: PolicyStatement = {
  sid: 'LakeFormationDataAccess',
  actions: LAKE_FORMATION_DATA_ACCESS_ACTIONS,
  resources: ['*'],
  wildcardReason: 'lakeformation:GetDataAccess supports no resource-level permissions; the table grant limits what it vends',
};
