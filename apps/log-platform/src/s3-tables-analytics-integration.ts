import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LakeformationResource } from '@cdktf/provider-aws/lib/lakeformation-resource';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { S3_TABLES_CATALOG_NAME } from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressNameOf,
  AwsCliStep,
  awsCliProvisioners,
  awsCliStep,
  AwsErrorRule,
  PlatformStack,
  RetryOptions,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Tag the catalog gets when this construct creates it; destroy deletes only a catalog carrying its own value. */
export const CATALOG_OWNER_TAG = 'log-platform:created-by';

export interface S3TablesAnalyticsIntegrationProps extends AddressableProps {
  /** Name of the role Lake Formation assumes to vend credentials for table buckets (`ResourceNames.iamRole`). */
  readonly dataAccessRoleName: string;
  /**
   * Identifies this stack as the catalog's creator (e.g. `acme-dev-log-platform`); only a
   * catalog tagged with this value is deleted on destroy. 1-128 of letters, digits and _ . @ -.
   */
  readonly owner: string;
  /** Backoff of the catalog creation. @default see `RetryOptions` */
  readonly retry?: RetryOptions;
}

const PREPARE = [
  'arn="arn:$LP_PARTITION:glue:$LX_REGION:$LP_ACCOUNT_ID:catalog/$LP_CATALOG_NAME"',
  'input=$(jq -cn --arg id "$LP_CATALOG_IDENTIFIER" \'{FederatedCatalog: {Identifier: $id, ConnectionName: "aws:s3tables"}, CreateDatabaseDefaultPermissions: [], CreateTableDefaultPermissions: []}\')',
  `tags=$(jq -cn --arg owner "$LP_OWNER" '{"${CATALOG_OWNER_TAG}": $owner}')`,
];

/** Glue answers `EntityNotFoundException` only for what does not exist (it denies with `AccessDeniedException`). */
const CATALOG_MISSING: AwsErrorRule = {
  code: 'EntityNotFoundException',
  outcome: 'done',
  why: 'Glue reports the catalog does not exist',
};

/** How creating the catalog classifies a failed `create-catalog` (then `TRANSIENT_AWS_ERRORS`). */
export const ENSURE_CATALOG_ERROR_RULES: readonly AwsErrorRule[] = [
  { code: 'AlreadyExistsException', outcome: 'done', why: 'created concurrently: the catalog exists, which is the goal' },
  {
    code: 'EntityNotFoundException',
    outcome: 'retry',
    why: 'the Lake Formation registration of the table buckets, made just before, is not yet visible to Glue',
  },
];

/** How deleting the catalog classifies a failed `get-tags` / `delete-catalog` (then `TRANSIENT_AWS_ERRORS`). */
export const DELETE_CATALOG_ERROR_RULES: readonly AwsErrorRule[] = [CATALOG_MISSING];

/** Create-time step: create the federated catalog unless it exists (idempotent). */
export const ENSURE_CATALOG_STEP: AwsCliStep = awsCliStep({
  step: 'glue-catalog',
  rules: ENSURE_CATALOG_ERROR_RULES,
  script: [
    ...PREPARE,
    'if lx_call glue get-catalog --catalog-id "$LP_CATALOG_NAME"; then',
    '  printf "%s: %s already exists; leaving it as it is (this stack will not delete it)" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '  exit 0',
    'fi',
    'if [ "$code" != EntityNotFoundException ]; then',
    '  printf "%s: cannot tell whether %s exists, so nothing was created: %s" "$LX_STEP" "$LP_CATALOG_NAME" "$err" >&2; echo >&2',
    '  exit 1',
    'fi',
    'if lx_retrying glue create-catalog --name "$LP_CATALOG_NAME" --catalog-input "$input" --tags "$tags"; then',
    '  printf "%s: created %s for %s" "$LX_STEP" "$LP_CATALOG_NAME" "$LP_CATALOG_IDENTIFIER"; echo',
    '  exit 0',
    'fi',
    'if [ "$outcome" = done ]; then',
    '  printf "%s: %s was created concurrently; leaving it as it is" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '  exit 0',
    'fi',
    'printf "%s: create-catalog failed (%s after %s attempt(s)): %s" "$LX_STEP" "$outcome" "$attempt" "$err" >&2; echo >&2',
    'exit 1',
  ],
});

/**
 * Destroy-time step: delete the catalog only when its owner tag names this stack. A catalog this
 * stack did not create stays (other stacks and the console share it); one whose tags cannot be
 * read fails the destroy rather than being passed over as if it were not ours.
 */
export const DELETE_CATALOG_STEP: AwsCliStep = awsCliStep({
  step: 'glue-catalog',
  rules: DELETE_CATALOG_ERROR_RULES,
  script: [
    ...PREPARE,
    'if ! lx_retrying glue get-tags --resource-arn "$arn"; then',
    '  if [ "$outcome" = done ]; then',
    '    printf "%s: %s is already gone" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '    exit 0',
    '  fi',
    '  printf "%s: cannot read the tags of %s, so it is not known whether this stack created it; nothing was deleted: %s" "$LX_STEP" "$arn" "$err" >&2; echo >&2',
    '  exit 1',
    'fi',
    `owner=$(printf "%s" "$out" | jq -r '.Tags["${CATALOG_OWNER_TAG}"] // empty' 2>/dev/null)`,
    'if [ "$owner" != "$LP_OWNER" ]; then',
    '  printf "%s: %s was not created by this stack; leaving it in place" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '  exit 0',
    'fi',
    'if lx_retrying glue delete-catalog --catalog-id "$LP_CATALOG_NAME"; then',
    '  printf "%s: deleted %s, which this stack created" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '  exit 0',
    'fi',
    'if [ "$outcome" = done ]; then',
    '  printf "%s: %s is already gone" "$LX_STEP" "$LP_CATALOG_NAME"; echo',
    '  exit 0',
    'fi',
    'printf "%s: delete-catalog failed (%s after %s attempt(s)) for %s: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_CATALOG_NAME" "$err" >&2; echo >&2',
    'exit 1',
  ],
});

const TRIGGER_ENV = {
  LP_CATALOG_NAME: 'catalog_name',
  LP_CATALOG_IDENTIFIER: 'identifier',
  LP_OWNER: 'owner',
  LP_ACCOUNT_ID: 'account_id',
  LP_PARTITION: 'partition',
  LX_REGION: 'region',
  LX_ENDPOINT_URL: 'endpoint_url',
} as const;

/**
 * The account-level prerequisite of S3 Tables analytics (what "Enable integration" does in
 * the console): the table buckets of the region registered with Lake Formation (natively,
 * `aws_lakeformation_resource` with federation and privileged access) and the federated
 * `s3tablescatalog` Glue catalog (local-exec: provider 6.25.0 has no `aws_glue_catalog`).
 *
 * Addresses, for address name `n`: `aws_iam_role.n_data_access`,
 * `aws_iam_role_policy_attachment.n_data_access`, `aws_lakeformation_resource.n`,
 * `null_resource.n_catalog`.
 */
export class S3TablesAnalyticsIntegration extends Construct {
  readonly dataAccessRole: IamRole;
  readonly registration: LakeformationResource;
  readonly catalog: NullResource;
  /** `arn:<partition>:s3tables:<region>:<account>:bucket/*`, the federated catalog's identifier. */
  readonly tableBucketsArn: string;

  constructor(scope: Construct, id: string, props: S3TablesAnalyticsIntegrationProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    const name = addressNameOf(id, props);
    // The owner marker is derived from names in code, not config.
    if (!/^[A-Za-z0-9_.@-]{1,128}$/.test(props.owner)) {
      throw new ValidationError(
        `${id}.owner`,
        '[glue.tagValue] the owner marker is 1-128 characters of letters, digits and _ . @ -',
        props.owner,
      );
    }
    this.tableBucketsArn = stack.formatArn({ service: 's3tables', resource: 'bucket', resourceName: '*' });

    this.dataAccessRole = setAddress(
      new IamRole(this, 'data-access-role', {
        name: props.dataAccessRoleName,
        description: 'Lake Formation vends credentials for S3 table buckets with this role',
        // SetSourceIdentity and SetContext let Lake Formation pass the caller's identity on.
        assumeRolePolicy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lakeformation.amazonaws.com' },
              Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:SetContext'],
              Condition: { StringEquals: { 'aws:SourceAccount': stack.account } },
            },
          ],
        }),
      }),
      `${name}_data_access`,
    );
    // The registration covers every table bucket of the region (bucket/*), so the role needs
    // data access on all of them; AWS maintains this policy as S3 Tables gains actions.
    const dataAccessPolicy = setAddress(
      new IamRolePolicyAttachment(this, 'data-access-policy', {
        role: this.dataAccessRole.name,
        policyArn: stack.formatArn({
          service: 'iam',
          region: '',
          account: 'aws',
          resource: 'policy',
          resourceName: 'service-role/AmazonS3TablesLakeFormationServiceRole',
        }),
      }),
      `${name}_data_access`,
    );

    this.registration = setAddress(
      new LakeformationResource(this, 'registration', {
        arn: this.tableBucketsArn,
        roleArn: this.dataAccessRole.arn,
        withFederation: true,
        withPrivilegedAccess: true,
        // Lake Formation vends credentials with this role as soon as the location is registered.
        dependsOn: [dataAccessPolicy],
      }),
      name,
    );

    stack.useNullProvider();
    this.catalog = setAddress(
      new NullResource(this, 'catalog', {
        triggers: {
          catalog_name: S3_TABLES_CATALOG_NAME,
          identifier: this.tableBucketsArn,
          owner: props.owner,
          account_id: stack.account,
          partition: stack.partition,
          region: stack.region,
          endpoint_url: stack.emulatorEndpoint ?? '',
        },
        dependsOn: [this.registration],
        provisioners: awsCliProvisioners(ENSURE_CATALOG_STEP, DELETE_CATALOG_STEP, {
          triggerEnv: TRIGGER_ENV,
          retry: props.retry,
          retryField: `${id}.retry`,
        }),
      }),
      `${name}_catalog`,
    );
  }
}
