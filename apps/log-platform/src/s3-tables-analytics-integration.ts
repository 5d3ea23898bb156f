import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LakeformationResource } from '@cdktf/provider-aws/lib/lakeformation-resource';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { S3_TABLES_CATALOG_NAME } from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressNameOf,
  AWS_CLI_PRELUDE_LINES,
  bashLocalExec,
  oneLine,
  PlatformStack,
  RetryOptions,
  retryEnvironment,
  setAddress,
  triggerEnvironment,
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
  'arn="arn:$LP_PARTITION:glue:$LP_REGION:$LP_ACCOUNT_ID:catalog/$LP_CATALOG_NAME"',
  'input=$(jq -cn --arg id "$LP_CATALOG_IDENTIFIER" \'{FederatedCatalog: {Identifier: $id, ConnectionName: "aws:s3tables"}, CreateDatabaseDefaultPermissions: [], CreateTableDefaultPermissions: []}\')',
  `tags=$(jq -cn --arg owner "$LP_OWNER" '{"${CATALOG_OWNER_TAG}": $owner}')`,
];

/** Create-time command: create the federated catalog unless it exists (idempotent). */
export const ENSURE_CATALOG_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...PREPARE,
  'if out=$(awscli glue get-catalog --catalog-id "$LP_CATALOG_NAME" 2>&1); then',
  '  printf "glue-catalog: %s already exists; leaving it as it is (this stack will not delete it)" "$LP_CATALOG_NAME"; echo',
  '  exit 0',
  'fi',
  'if ! printf "%s" "$out" | grep -Eq "EntityNotFoundException"; then',
  '  printf "glue-catalog: cannot tell whether %s exists, so nothing was created: %s" "$LP_CATALOG_NAME" "$out" >&2; echo >&2',
  '  exit 1',
  'fi',
  'if retrying glue-catalog awscli glue create-catalog --name "$LP_CATALOG_NAME" --catalog-input "$input" --tags "$tags"; then',
  '  printf "glue-catalog: created %s for %s" "$LP_CATALOG_NAME" "$LP_CATALOG_IDENTIFIER"; echo',
  '  exit 0',
  'fi',
  'if printf "%s" "$out" | grep -Eq "AlreadyExistsException"; then',
  '  printf "glue-catalog: %s was created concurrently; leaving it as it is" "$LP_CATALOG_NAME"; echo',
  '  exit 0',
  'fi',
  'printf "glue-catalog: create-catalog failed after %s attempt(s): %s" "$attempt" "$out" >&2; echo >&2',
  'exit 1',
]);

/** Destroy-time command: delete the catalog only when its owner tag names this stack. */
export const DELETE_CATALOG_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...PREPARE,
  'if ! out=$(awscli glue get-tags --resource-arn "$arn" 2>&1); then',
  '  if printf "%s" "$out" | grep -Eq "EntityNotFoundException"; then',
  '    printf "glue-catalog: %s is already gone" "$LP_CATALOG_NAME"; echo',
  '    exit 0',
  '  fi',
  '  printf "glue-catalog: cannot read the tags of %s, so it is left in place: %s" "$arn" "$out" >&2; echo >&2',
  '  exit 0',
  'fi',
  `owner=$(printf "%s" "$out" | jq -r '.Tags["${CATALOG_OWNER_TAG}"] // empty' 2>/dev/null)`,
  'if [ "$owner" != "$LP_OWNER" ]; then',
  '  printf "glue-catalog: %s was not created by this stack; leaving it in place" "$LP_CATALOG_NAME"; echo',
  '  exit 0',
  'fi',
  'if out=$(awscli glue delete-catalog --catalog-id "$LP_CATALOG_NAME" 2>&1); then',
  '  printf "glue-catalog: deleted %s, which this stack created" "$LP_CATALOG_NAME"; echo',
  '  exit 0',
  'fi',
  'if printf "%s" "$out" | grep -Eq "EntityNotFoundException"; then exit 0; fi',
  'printf "glue-catalog: delete-catalog failed for %s: %s" "$LP_CATALOG_NAME" "$out" >&2; echo >&2',
  'exit 1',
]);

const TRIGGER_ENV = {
  LP_CATALOG_NAME: 'catalog_name',
  LP_CATALOG_IDENTIFIER: 'identifier',
  LP_OWNER: 'owner',
  LP_ACCOUNT_ID: 'account_id',
  LP_PARTITION: 'partition',
  LP_REGION: 'region',
  LP_ENDPOINT_URL: 'endpoint_url',
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
    const environment = { ...triggerEnvironment(TRIGGER_ENV), ...retryEnvironment(props.retry, `${id}.retry`) };
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
        provisioners: [
          bashLocalExec(ENSURE_CATALOG_COMMAND, environment),
          bashLocalExec(DELETE_CATALOG_COMMAND, environment, 'destroy'),
        ],
      }),
      `${name}_catalog`,
    );
  }
}
