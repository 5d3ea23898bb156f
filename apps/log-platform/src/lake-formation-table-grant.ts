import { LakeformationPermissions } from '@cdktf/provider-aws/lib/lakeformation-permissions';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { ValidationError } from '@aws-log-mcp/shared';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AWS_CLI_PRELUDE_LINES,
  bashLocalExec,
  oneLine,
  RetryOptions,
  retryEnvironment,
  triggerEnvironment,
} from './aws-cli-local-exec';
import { LakeFormationPermission, LF_TABLE_PERMISSIONS } from './config';

export type LakeFormationGrantMode = 'local-exec' | 'native';

export interface LakeFormationTableGrantProps {
  /** IAM principal receiving the permissions (role ARN; a Terraform token is fine). */
  readonly principalArn: string;
  /**
   * Catalog id of the table: `<account>:s3tablescatalog/<table bucket>` for S3 Tables
   * (see {@link s3TablesCatalogId}).
   */
  readonly catalogId: string;
  /** Database (S3 Tables namespace). */
  readonly databaseName: string;
  readonly tableName: string;
  /** Lake Formation permissions on the table, e.g. `['ALL']` or `['SELECT', 'DESCRIBE']`. */
  readonly permissions: readonly LakeFormationPermission[];
  /** Region of the catalog (`data.aws_region.region`). */
  readonly region: string;
  /**
   * `local-exec` (default): `aws lakeformation grant-permissions` in a `null_resource`, because
   * provider 6.25.0 cannot target the `s3tablescatalog` catalog (terraform-provider-aws #40724).
   * `native`: an `aws_lakeformation_permissions` resource, for a provider that accepts it.
   */
  readonly mode?: LakeFormationGrantMode;
  /** Endpoint override (emulator mode); `--endpoint-url` is passed only when set. */
  readonly endpointUrl?: string;
  /** Backoff of the grant while a new principal propagates (local-exec only). */
  readonly retry?: RetryOptions;
  /** Resources that must exist before the grant (the federated catalog, the table). */
  readonly dependsOn?: ITerraformDependable[];
}

/** The Lake Formation catalog id of a table bucket in the `s3tablescatalog` federated catalog. */
export function s3TablesCatalogId(accountId: string, tableBucketName: string): string {
  return `${accountId}:s3tablescatalog/${tableBucketName}`;
}

/** Builds the `--principal`, `--resource` and `--permissions` JSON from the environment with jq. */
const ARGUMENTS = [
  'principal=$(jq -cn --arg arn "$LP_PRINCIPAL_ARN" \'{DataLakePrincipalIdentifier: $arn}\')',
  'resource=$(jq -cn --arg catalog "$LP_CATALOG_ID" --arg db "$LP_DATABASE_NAME" --arg table "$LP_TABLE_NAME" \'{Table: {CatalogId: $catalog, DatabaseName: $db, Name: $table}}\')',
  'permissions=$(jq -cn --arg p "$LP_PERMISSIONS" \'$p | split(",")\')',
];

/** Create-time command: grant, retrying while the principal propagates. */
export const GRANT_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...ARGUMENTS,
  'if retrying lake-formation-grant awscli lakeformation grant-permissions --principal "$principal" --resource "$resource" --permissions "$permissions"; then',
  '  printf "lake-formation-grant: granted %s on %s to %s\\n" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"',
  '  exit 0',
  'fi',
  'printf "lake-formation-grant: grant-permissions failed after %s attempt(s) for %s on %s. The caller must be a Lake Formation data lake administrator (or hold these permissions with grant option). Last error: %s\\n" "$attempt" "$LP_PRINCIPAL_ARN" "$resource" "$out" >&2',
  'exit 1',
]);

/** Errors that mean there is nothing left to revoke. */
export const GRANT_GONE_ERRORS =
  'Grantee has no permissions|No permissions revoked|EntityNotFoundException|not found|does not exist';

/** Destroy-time command: revoke, treating an already-missing grant (or table) as done. */
export const REVOKE_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...ARGUMENTS,
  'if out=$(awscli lakeformation revoke-permissions --principal "$principal" --resource "$resource" --permissions "$permissions" 2>&1); then',
  '  printf "lake-formation-grant: revoked %s on %s from %s\\n" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"',
  '  exit 0',
  'fi',
  'if printf "%s" "$out" | grep -Eqi "$LP_GONE_ON"; then',
  '  printf "lake-formation-grant: nothing to revoke for %s on %s (already gone): %s\\n" "$LP_PRINCIPAL_ARN" "$resource" "$out"',
  '  exit 0',
  'fi',
  'printf "lake-formation-grant: revoke-permissions failed for %s on %s: %s\\n" "$LP_PRINCIPAL_ARN" "$resource" "$out" >&2',
  'exit 1',
]);

/** Trigger keys, and the environment variable each one feeds. */
const TRIGGER_ENV = {
  LP_PRINCIPAL_ARN: 'principal_arn',
  LP_CATALOG_ID: 'catalog_id',
  LP_DATABASE_NAME: 'database_name',
  LP_TABLE_NAME: 'table_name',
  LP_PERMISSIONS: 'permissions',
  LP_REGION: 'region',
  LP_ENDPOINT_URL: 'endpoint_url',
} as const;

/**
 * Lake Formation permissions for one principal on one table of the S3 Tables federated
 * catalog. Reusable by any stack that needs a principal to read or write the log table
 * (the Firehose role here; the MCP Lambda role with `['SELECT', 'DESCRIBE']` in issue 7).
 *
 * In `local-exec` mode a `null_resource` runs `aws lakeformation grant-permissions` when any
 * trigger changes (principal, catalog, database, table, permissions, region, endpoint) and
 * `revoke-permissions` on destroy; `native` emits `aws_lakeformation_permissions`.
 */
export class LakeFormationTableGrant extends Construct {
  /** The resource to depend on (the delivery stream does). */
  readonly resource: NullResource | LakeformationPermissions;
  readonly mode: LakeFormationGrantMode;

  constructor(scope: Construct, id: string, props: LakeFormationTableGrantProps) {
    super(scope, id);
    this.mode = props.mode ?? 'local-exec';
    if (props.permissions.length === 0) {
      throw new ValidationError(`${id}.permissions`, '[lakeformation.permissions] grant at least one permission');
    }
    for (const p of props.permissions) {
      if (!(LF_TABLE_PERMISSIONS as readonly string[]).includes(p)) {
        throw new ValidationError(
          `${id}.permissions`,
          `[lakeformation.permissions] must be among ${LF_TABLE_PERMISSIONS.join(', ')}`,
          p,
        );
      }
    }
    if (new Set(props.permissions).size !== props.permissions.length) {
      throw new ValidationError(
        `${id}.permissions`,
        '[lakeformation.permissions] must not repeat a permission',
        props.permissions,
      );
    }
    if (props.endpointUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(props.endpointUrl)) {
      throw new ValidationError(`${id}.endpointUrl`, '[lakeformation.endpointUrl] must be an http(s) URL', props.endpointUrl);
    }

    if (this.mode === 'native') {
      Annotations.of(this).addWarning(
        'lakeFormationGrant "native": hashicorp/aws 6.25.0 validates table.catalog_id as an account id and rejects ' +
          '"<account>:s3tablescatalog/<bucket>" at plan (terraform-provider-aws #40724); the validation is gone in 6.29.0 (#43931).',
      );
      this.resource = new LakeformationPermissions(this, 'permissions', {
        principal: props.principalArn,
        permissions: [...props.permissions],
        table: { catalogId: props.catalogId, databaseName: props.databaseName, name: props.tableName },
        dependsOn: props.dependsOn,
      });
      return;
    }

    const environment = {
      ...triggerEnvironment(TRIGGER_ENV),
      ...retryEnvironment(props.retry, `${id}.retry`),
      LP_GONE_ON: GRANT_GONE_ERRORS,
    };
    this.resource = new NullResource(this, 'grant', {
      triggers: {
        principal_arn: props.principalArn,
        catalog_id: props.catalogId,
        database_name: props.databaseName,
        table_name: props.tableName,
        permissions: props.permissions.join(','),
        region: props.region,
        endpoint_url: props.endpointUrl ?? '',
      },
      dependsOn: props.dependsOn,
      provisioners: [bashLocalExec(GRANT_COMMAND, environment), bashLocalExec(REVOKE_COMMAND, environment, 'destroy')],
    });
  }
}
