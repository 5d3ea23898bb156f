import { LakeformationPermissions } from '@cdktf/provider-aws/lib/lakeformation-permissions';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { bashLocalExec, oneLine } from '../cdktf-compat/local-exec';
import { AWS_CLI_PRELUDE_LINES, RetryOptions, retryEnvironment, triggerEnvironment } from '../local-exec/aws-cli';
import { PlatformStack } from '../platform-stack';
import { LakeFormationGrantMode, LakeFormationPermission } from './permissions';

export interface LakeFormationTableGrantProps extends AddressableProps {
  /** IAM principal receiving the permissions (role ARN; a Terraform token is fine). */
  readonly principalArn: string;
  /**
   * Catalog id of the table: `<account>:s3tablescatalog/<table bucket>` for S3 Tables (the log
   * contract's `s3TablesCatalogId`), the account id for the default Glue catalog.
   */
  readonly catalogId: string;
  /** Database (the S3 Tables namespace). */
  readonly databaseName: string;
  readonly tableName: string;
  /** Lake Formation permissions on the table, e.g. `['ALL']` or {@link LF_TABLE_READ_PERMISSIONS}; at least one, no repeats. */
  readonly permissions: readonly LakeFormationPermission[];
  /**
   * How the grant is made (see {@link LakeFormationGrantMode}).
   * @default 'local-exec'
   */
  readonly mode?: LakeFormationGrantMode;
  /** Backoff of the grant while a new principal propagates (local-exec only). @default see {@link RetryOptions} */
  readonly retry?: RetryOptions;
  /** Resources that must exist before the grant (the federated catalog, the table). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What identifies the table instance, e.g. its ARN (an S3 Tables table ARN holds the table's id):
   * a trigger of the `local-exec` grant, so a table that was dropped and created again (whose
   * Lake Formation permissions went with it) is granted again. @default no such trigger
   */
  readonly tableArn?: string;
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
  '  printf "lake-formation-grant: granted %s on %s to %s" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"; echo',
  '  exit 0',
  'fi',
  'printf "lake-formation-grant: grant-permissions failed after %s attempt(s) for %s on %s. The caller must be a Lake Formation data lake administrator (or hold these permissions with grant option). Last error: %s" "$attempt" "$LP_PRINCIPAL_ARN" "$resource" "$out" >&2; echo >&2',
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
  '  printf "lake-formation-grant: revoked %s on %s from %s" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"; echo',
  '  exit 0',
  'fi',
  'if printf "%s" "$out" | grep -Eqi "$LP_GONE_ON"; then',
  '  printf "lake-formation-grant: nothing to revoke for %s on %s (already gone): %s" "$LP_PRINCIPAL_ARN" "$resource" "$out"; echo',
  '  exit 0',
  'fi',
  'printf "lake-formation-grant: revoke-permissions failed for %s on %s: %s" "$LP_PRINCIPAL_ARN" "$resource" "$out" >&2; echo >&2',
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
 * Lake Formation permissions for one principal on one table, e.g. of the S3 Tables federated
 * catalog: the Firehose role's write access and every reader's `SELECT` + `DESCRIBE`.
 *
 * In `local-exec` mode a `null_resource` runs `aws lakeformation grant-permissions` when any
 * trigger changes (principal, catalog, database, table, permissions, region, endpoint, and the
 * table's ARN when given) and
 * `revoke-permissions` on destroy; `native` emits `aws_lakeformation_permissions`. Region and
 * emulator endpoint are the stack's. Its address is `null_resource.<addressName>` or
 * `aws_lakeformation_permissions.<addressName>`.
 */
export class LakeFormationTableGrant extends Construct {
  /** The resource to depend on (the delivery stream does). */
  readonly resource: NullResource | LakeformationPermissions;
  readonly mode: LakeFormationGrantMode;

  constructor(scope: Construct, id: string, props: LakeFormationTableGrantProps) {
    super(scope, id);
    this.mode = props.mode ?? 'local-exec';
    const stack = PlatformStack.of(this);

    if (this.mode === 'native') {
      Annotations.of(this).addWarning(
        'lakeFormationGrant "native": hashicorp/aws 6.25.0 validates table.catalog_id as an account id and rejects ' +
          '"<account>:s3tablescatalog/<bucket>" at plan (terraform-provider-aws #40724); the validation is gone in 6.29.0 (#43931).',
      );
      this.resource = setAddress(
        new LakeformationPermissions(this, 'permissions', {
          principal: props.principalArn,
          permissions: [...props.permissions],
          table: { catalogId: props.catalogId, databaseName: props.databaseName, name: props.tableName },
          dependsOn: props.dependsOn,
        }),
        addressNameOf(id, props),
      );
      return;
    }

    stack.useNullProvider();
    const environment = {
      ...triggerEnvironment(TRIGGER_ENV),
      ...retryEnvironment(props.retry, `${id}.retry`),
      LP_GONE_ON: GRANT_GONE_ERRORS,
    };
    this.resource = setAddress(
      new NullResource(this, 'grant', {
        triggers: {
          principal_arn: props.principalArn,
          catalog_id: props.catalogId,
          database_name: props.databaseName,
          table_name: props.tableName,
          permissions: props.permissions.join(','),
          region: stack.region,
          endpoint_url: stack.emulatorEndpoint ?? '',
          ...(props.tableArn === undefined ? {} : { table_arn: props.tableArn }),
        },
        dependsOn: props.dependsOn,
        provisioners: [bashLocalExec(GRANT_COMMAND, environment), bashLocalExec(REVOKE_COMMAND, environment, 'destroy')],
      }),
      addressNameOf(id, props),
    );
  }
}
