import type { PolicyStatement } from '../iam/statement';

/** Lake Formation permissions on a table that `grant-permissions` accepts (Lake Formation API, `Permission`). */
export const LF_TABLE_PERMISSIONS = ['ALL', 'SELECT', 'ALTER', 'DROP', 'DELETE', 'INSERT', 'DESCRIBE'] as const;
export type LakeFormationPermission = (typeof LF_TABLE_PERMISSIONS)[number];

/**
 * How a Lake Formation table grant is made:
 * - `local-exec`: `aws lakeformation grant-permissions` in a `null_resource`, because provider
 *   6.25.0 cannot target the `s3tablescatalog` catalog (terraform-provider-aws #40724);
 * - `native`: an `aws_lakeformation_permissions` resource, for a provider that accepts it.
 */
export const LAKE_FORMATION_GRANT_MODES = ['local-exec', 'native'] as const;
export type LakeFormationGrantMode = (typeof LAKE_FORMATION_GRANT_MODES)[number];

/** What a reader of a table needs: its rows and its metadata. */
export const LF_TABLE_READ_PERMISSIONS: readonly LakeFormationPermission[] = ['SELECT', 'DESCRIBE'];

/**
 * What access to one Lake Formation table takes: IAM statements for the principal and Lake
 * Formation permissions on the table. A pure value (see `grantTableAccess`), so a contract
 * package can define it without loading cdktf.
 */
export interface TableAccess {
  /** Identity-policy statements of the principal (queries, Glue metadata, credential vending). */
  readonly statements: readonly PolicyStatement[];
  /** Catalog id of the table (`<account>:s3tablescatalog/<bucket>` for S3 Tables). */
  readonly catalogId: string;
  readonly databaseName: string;
  readonly tableName: string;
  readonly permissions: readonly LakeFormationPermission[];
  /** How the Lake Formation grant is made. */
  readonly mode: LakeFormationGrantMode;
}
