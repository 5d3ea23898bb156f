// How Athena and Lake Formation name a table of the S3 Tables federation. No imports, so the
// Lambda bundle can load it alone.

/** Name of the account-level federated catalog that mounts every table bucket of a region. */
export const S3_TABLES_CATALOG_NAME = 's3tablescatalog';

/** How Athena names the table: catalog, database, table (quote each with `quoteIdentifier`). */
export interface AthenaTableName {
  /** `s3tablescatalog/<table bucket>`. */
  readonly catalog: string;
  readonly database: string;
  readonly table: string;
}

/** The Athena catalog of a table bucket: `s3tablescatalog/<bucket>`. */
export function s3TablesCatalog(tableBucketName: string): string {
  return `${S3_TABLES_CATALOG_NAME}/${tableBucketName}`;
}
