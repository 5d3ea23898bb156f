import type { PolicyStatement } from '@aws-log-mcp/shared';
import { S3_TABLES_CATALOG_NAME } from './s3-tables-analytics-integration';

/** Where a table of the `s3tablescatalog` federation lives. */
export interface FederatedTableLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly tableBucketName: string;
  readonly namespace: string;
  readonly tableName: string;
}

/** `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>` (Firehose's `catalog_arn`). */
export function federatedCatalogArn(l: FederatedTableLocation): string {
  return `arn:${l.partition}:glue:${l.region}:${l.accountId}:catalog/${S3_TABLES_CATALOG_NAME}/${l.tableBucketName}`;
}

/**
 * The Glue resources a principal touches to reach one federated table: the account catalog,
 * the federated catalog, the table bucket's child catalog, the namespace and the table.
 */
export function federatedTableGlueArns(l: FederatedTableLocation): string[] {
  const glue = `arn:${l.partition}:glue:${l.region}:${l.accountId}`;
  const path = `${S3_TABLES_CATALOG_NAME}/${l.tableBucketName}`;
  return [
    `${glue}:catalog`,
    `${glue}:catalog/${S3_TABLES_CATALOG_NAME}`,
    federatedCatalogArn(l),
    `${glue}:database/${path}/${l.namespace}`,
    `${glue}:table/${path}/${l.namespace}/${l.tableName}`,
  ];
}

/** Lake Formation credential vending; the action has no resource-level permissions. */
export const LAKE_FORMATION_DATA_ACCESS: PolicyStatement = {
  sid: 'LakeFormationDataAccess',
  actions: ['lakeformation:GetDataAccess'],
  resources: ['*'],
  wildcardReason: 'lakeformation:GetDataAccess supports no resource-level permissions; the table grant limits what it vends',
};
