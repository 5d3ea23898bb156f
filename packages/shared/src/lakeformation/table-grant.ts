import { LakeformationPermissions } from '@cdktf/provider-aws/lib/lakeformation-permissions';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { Annotations, ITerraformDependable, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { AddressableProps, addressNameOf, setAddress } from '../addresses';
import { AwsCliStep, awsCliProvisioners, awsCliStep, AwsErrorRule, RetryOptions } from '../local-exec/aws-cli';
import { ValidationError } from '../errors';
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
   * A reference to what identifies the table instance, e.g. its ARN (an S3 Tables table ARN holds
   * the table's id), such as `table.arn`: the `local-exec` grant is replaced when it changes
   * (`lifecycle.replace_triggered_by`), so a table that was dropped and created again (whose Lake
   * Formation permissions went with it) is granted again. Not a trigger: adding it to a deployed
   * grant must not replace it, because a replacement first revokes (the destroy provisioner) what
   * the principal, e.g. Firehose, is writing with. Must be a reference to one attribute of a
   * resource. @default none
   */
  readonly tableArn?: string;
}

/** Builds the `--principal`, `--resource` and `--permissions` JSON from the environment with jq. */
const ARGUMENTS = [
  'principal=$(jq -cn --arg arn "$LP_PRINCIPAL_ARN" \'{DataLakePrincipalIdentifier: $arn}\')',
  'resource=$(jq -cn --arg catalog "$LP_CATALOG_ID" --arg db "$LP_DATABASE_NAME" --arg table "$LP_TABLE_NAME" \'{Table: {CatalogId: $catalog, DatabaseName: $db, Name: $table}}\')',
  'permissions=$(jq -cn --arg p "$LP_PERMISSIONS" \'$p | split(",")\')',
];

/**
 * Lake Formation answers `EntityNotFoundException` (or `AccessDeniedException`) "Resource does
 * not exist or requester is not authorized to access requested permissions" both when the table
 * is missing and when the caller may not grant: the message cannot tell, so the step asks again.
 */
const AMBIGUOUS_NOT_FOUND: readonly AwsErrorRule[] = [
  {
    code: 'EntityNotFoundException',
    outcome: 'check',
    why: 'Lake Formation gives this both for a missing resource and for a caller without the right to grant: checked, see below',
  },
  {
    code: 'AccessDeniedException',
    message: 'Resource does not exist',
    outcome: 'check',
    why: 'the same ambiguous answer under another code',
  },
];

/** How the grant classifies a failed `grant-permissions` (then `TRANSIENT_AWS_ERRORS`). */
export const GRANT_ERROR_RULES: readonly AwsErrorRule[] = [
  {
    code: 'InvalidInputException',
    message: 'invalid principal',
    outcome: 'retry',
    why: 'a role created seconds ago is not yet visible to Lake Formation (IAM is eventually consistent)',
  },
  ...AMBIGUOUS_NOT_FOUND,
];

/** How the revoke classifies a failed `revoke-permissions` (then `TRANSIENT_AWS_ERRORS`). */
export const REVOKE_ERROR_RULES: readonly AwsErrorRule[] = [
  {
    code: 'InvalidInputException',
    message: 'No permissions revoked|Grantee has no permissions',
    outcome: 'done',
    why: 'Lake Formation states the principal holds none of these permissions on the table',
  },
  {
    code: 'InvalidInputException',
    message: 'non-existent column',
    outcome: 'done',
    why: 'the permissions were on columns that no longer exist',
  },
  ...AMBIGUOUS_NOT_FOUND,
];

/** The create-time step: grant, retrying only what a later attempt can get past. */
export const GRANT_STEP: AwsCliStep = awsCliStep({
  step: 'lake-formation-grant',
  rules: GRANT_ERROR_RULES,
  // The table exists (Glue can read it): Lake Formation refused for another reason, which no
  // retry changes. Glue cannot see it: a new table not yet in the federated catalog, retried.
  check: [
    'if lx_call glue get-table --catalog-id "$LP_CATALOG_ID" --database-name "$LP_DATABASE_NAME" --name "$LP_TABLE_NAME"; then',
    '  printf "%s: the table exists, so Lake Formation refused the grant itself (is the caller a data lake administrator?)" "$LX_STEP" >&2; echo >&2',
    '  echo fatal',
    'elif [ "$code" = EntityNotFoundException ]; then',
    '  printf "%s: Glue does not see the table yet (a new table takes a moment to reach the federated catalog)" "$LX_STEP" >&2; echo >&2',
    '  echo retry',
    'else',
    '  printf "%s: cannot tell whether the table exists: %s" "$LX_STEP" "$err" >&2; echo >&2',
    '  echo fatal',
    'fi',
  ],
  script: [
    ...ARGUMENTS,
    'if lx_retrying lakeformation grant-permissions --principal "$principal" --resource "$resource" --permissions "$permissions"; then',
    '  printf "%s: granted %s on %s to %s" "$LX_STEP" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"; echo',
    '  exit 0',
    'fi',
    'printf "%s: grant-permissions failed (%s after %s attempt(s)) for %s on %s. The caller must be a Lake Formation data lake administrator (or hold these permissions with grant option). AWS said: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_PRINCIPAL_ARN" "$resource" "$err" >&2; echo >&2',
    'exit 1',
  ],
});

/**
 * The destroy-time step: revoke. "Already revoked" is success only when AWS proves it: Lake
 * Formation says the grantee holds none of the permissions, or, after the ambiguous not-found
 * answer, `list-permissions` for this principal and table lists none of them. Anything else
 * (access denied, no credentials, no `aws` on PATH) fails the destroy, so the grant never stays
 * behind a destroy that reported success.
 */
export const REVOKE_STEP: AwsCliStep = awsCliStep({
  step: 'lake-formation-revoke',
  rules: REVOKE_ERROR_RULES,
  check: [
    'if ! lx_call lakeformation list-permissions --principal "$principal" --resource "$resource"; then',
    '  printf "%s: cannot prove the grant is gone: list-permissions failed too: %s" "$LX_STEP" "$err" >&2; echo >&2',
    '  echo fatal',
    'else',
    `  held=$(printf "%s" "$out" | jq -r --argjson want "$permissions" '[.PrincipalResourcePermissions[]? | .Permissions[]?, .PermissionsWithGrantOption[]?] as $have | [$want[] | select(. as $p | $have | any(. == $p))] | length')`,
    '  if [ "$held" = 0 ]; then',
    '    printf "%s: list-permissions shows none of %s for %s on %s" "$LX_STEP" "$permissions" "$LP_PRINCIPAL_ARN" "$resource" >&2; echo >&2',
    '    echo done',
    '  else',
    '    printf "%s: revoke was refused but list-permissions still shows the grant (%s of %s)" "$LX_STEP" "$held" "$permissions" >&2; echo >&2',
    '    echo fatal',
    '  fi',
    'fi',
  ],
  script: [
    ...ARGUMENTS,
    'if lx_retrying lakeformation revoke-permissions --principal "$principal" --resource "$resource" --permissions "$permissions"; then',
    '  printf "%s: revoked %s on %s from %s" "$LX_STEP" "$permissions" "$resource" "$LP_PRINCIPAL_ARN"; echo',
    '  exit 0',
    'fi',
    'if [ "$outcome" = done ]; then',
    '  printf "%s: nothing to revoke for %s on %s (already gone): %s" "$LX_STEP" "$LP_PRINCIPAL_ARN" "$resource" "$err"; echo',
    '  exit 0',
    'fi',
    'printf "%s: revoke-permissions failed (%s after %s attempt(s)) for %s on %s; the grant may still exist. AWS said: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_PRINCIPAL_ARN" "$resource" "$err" >&2; echo >&2',
    'exit 1',
  ],
});

/** Trigger keys, and the environment variable each one feeds. */
const TRIGGER_ENV = {
  LP_PRINCIPAL_ARN: 'principal_arn',
  LP_CATALOG_ID: 'catalog_id',
  LP_DATABASE_NAME: 'database_name',
  LP_TABLE_NAME: 'table_name',
  LP_PERMISSIONS: 'permissions',
  LX_REGION: 'region',
  LX_ENDPOINT_URL: 'endpoint_url',
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
        },
        dependsOn: props.dependsOn,
        provisioners: awsCliProvisioners(GRANT_STEP, REVOKE_STEP, {
          triggerEnv: TRIGGER_ENV,
          retry: props.retry,
          retryField: `${id}.retry`,
        }),
      }),
      addressNameOf(id, props),
    );
    if (props.tableArn !== undefined) {
      const tableArn = props.tableArn;
      // Terraform wants a bare reference here; the token resolves to `${<type>.<name>.<attribute>}` only at synth.
      this.resource.addOverride(
        'lifecycle.replace_triggered_by',
        Lazy.anyValue({ produce: (context) => [bareReference(context.resolve(tableArn), `${id}.tableArn`)] }),
      );
    }
  }
}

const REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+)\}$/;

/** `${aws_s3tables_table.logs.arn}` -> `aws_s3tables_table.logs.arn`; anything else is refused at synth. */
function bareReference(resolved: unknown, field: string): string {
  const m = typeof resolved === 'string' ? REFERENCE.exec(resolved) : null;
  if (!m) {
    throw new ValidationError(
      field,
      '[lakeFormation.tableReference] must be a reference to one attribute of a resource, such as table.arn',
      resolved,
    );
  }
  return m[1];
}
