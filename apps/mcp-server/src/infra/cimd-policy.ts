import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
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
import { Construct } from 'constructs';
import { CIMD_CACHE_SECONDS, CIMD_POLICY_NAME, CIMD_URL_PATTERN } from '../registration-config';

/** How the CIMD policy is made. */
export type CimdPolicyMode = 'local-exec' | 'native';

export interface CimdPolicyProps extends AddressableProps {
  /** The user pool (a Terraform token is fine). */
  readonly userPoolId: string;
  /** The app client the policy maps accepted metadata URLs to (a Terraform token is fine). */
  readonly clientId: string;
  /** Policy name, 1-32 printable characters; the bridge finds its policy by this name. */
  readonly policyName: string;
  /** 1-5 `https://` URL patterns of 12-256 characters (`*` is a wildcard). */
  readonly urlPatterns: readonly string[];
  /** Seconds Cognito caches a document without a usable Cache-Control max-age, 86400-31556952. @default 86400 */
  readonly cacheDurationSeconds?: number;
  /** @default 'local-exec' */
  readonly mode?: CimdPolicyMode;
  /** Backoff while the new app client propagates (local-exec only). @default see {@link RetryOptions} */
  readonly retry?: RetryOptions;
}

/** The lowest botocore whose `cognito-idp` model has the CIMD operations. */
export const CIMD_MIN_BOTOCORE = '1.44.7';

/** Reads and checks the URL patterns (a JSON array in the trigger) into `$patterns`. */
const PATTERNS = [
  'if ! patterns=$(printf "%s" "$LP_URL_PATTERNS" | jq -ce \'if type == "array" and length > 0 and all(.[]; type == "string") then . else error("not a non-empty array of strings") end\' 2>&1); then',
  '  printf "%s: the URL patterns are not a JSON array of strings: %s" "$LX_STEP" "$patterns" >&2; echo >&2',
  '  exit 1',
  'fi',
];

/**
 * `cimd_too_old`: after a failed call, fails the step with what to install when the CLI does not
 * know the command (no error code: the CLI refuses it before sending anything).
 */
const CLI_TOO_OLD = [
  'cimd_too_old() {',
  '  if printf "%s" "$err" | grep -q "Invalid choice"; then',
  `    printf "%s: this AWS CLI has no cognito-idp CIMD commands; they need a botocore model >= ${CIMD_MIN_BOTOCORE} (a current AWS CLI v2, or AWS_DATA_PATH pointing at the botocore data directory of botocore>=${CIMD_MIN_BOTOCORE}). %s" "$LX_STEP" "$err" >&2; echo >&2`,
  '    exit 1',
  '  fi',
  '}',
];

/**
 * Sets `$policy_id` to the id of the policy named `$LP_POLICY_NAME` in the listing in `$out` (or
 * empty). A listing that is not a complete `CIMDPolicies` array (a `NextToken` left: the CLI pages
 * through it when its model has the paginator) fails the step: absence must be proven.
 */
const FIND_POLICY = [
  'if ! policy_id=$(printf "%s" "$out" | jq -r --arg name "$LP_POLICY_NAME" \'if (.CIMDPolicies | type) != "array" or .NextToken != null then error("not one complete CIMDPolicies list") else [.CIMDPolicies[] | select(.PolicyName == $name) | .CIMDPolicyId] | first // "" end\' 2>&1); then',
  '  printf "%s: cannot read the CIMD policies of user pool %s, so nothing was changed: %s" "$LX_STEP" "$LP_USER_POOL_ID" "$policy_id" >&2; echo >&2',
  '  exit 1',
  'fi',
];

/**
 * Cognito's own code for a transient failure on its side (its APIs answer `InternalErrorException`,
 * which `TRANSIENT_AWS_ERRORS` does not name).
 */
const COGNITO_INTERNAL_ERROR: AwsErrorRule = {
  code: 'InternalErrorException',
  outcome: 'retry',
  why: 'a transient failure inside Cognito',
};

/** How the create-time step classifies a failed list/create/update (then `TRANSIENT_AWS_ERRORS`). */
export const CIMD_APPLY_ERROR_RULES: readonly AwsErrorRule[] = [
  {
    code: 'ResourceNotFoundException',
    outcome: 'retry',
    why: 'the user pool or app client, created moments before in the same apply, is not yet visible to Cognito',
  },
  COGNITO_INTERNAL_ERROR,
];

/**
 * How the destroy-time step classifies a failed list/describe/delete (then `TRANSIENT_AWS_ERRORS`).
 * Its calls name only the user pool and the policy, so a not-found answer proves the policy is gone.
 */
export const CIMD_DELETE_ERROR_RULES: readonly AwsErrorRule[] = [
  {
    code: 'ResourceNotFoundException',
    outcome: 'done',
    why: 'the calls name only the user pool and the policy: either one missing means the policy is gone',
  },
  COGNITO_INTERNAL_ERROR,
];

/**
 * Create-time step: idempotent. Finds the policy by name; updates it when it exists (a
 * replacement of this resource after a change, or a re-run after a failed apply), creates it
 * otherwise. Retries while the new pool or app client propagates, and on throttling.
 */
export const CIMD_APPLY_STEP: AwsCliStep = awsCliStep({
  step: 'cimd-policy',
  rules: CIMD_APPLY_ERROR_RULES,
  script: [
    ...PATTERNS,
    ...CLI_TOO_OLD,
    'if ! lx_retrying cognito-idp list-cimd-policies --user-pool-id "$LP_USER_POOL_ID"; then',
    '  cimd_too_old',
    '  printf "%s: list-cimd-policies failed (%s after %s attempt(s)) for user pool %s; nothing was changed. AWS said: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_USER_POOL_ID" "$err" >&2; echo >&2',
    '  exit 1',
    'fi',
    ...FIND_POLICY,
    'if [ -n "$policy_id" ]; then',
    '  if lx_retrying cognito-idp update-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id" --client-id "$LP_CLIENT_ID" --policy-name "$LP_POLICY_NAME" --cache-duration "$LP_CACHE_DURATION" --url-patterns "$patterns"; then',
    '    printf "%s: updated %s (%s): client %s, URL patterns %s" "$LX_STEP" "$LP_POLICY_NAME" "$policy_id" "$LP_CLIENT_ID" "$patterns"; echo',
    '    exit 0',
    '  fi',
    '  cimd_too_old',
    '  printf "%s: update-cimd-policy failed (%s after %s attempt(s)) for %s (%s). The caller needs cognito-idp:UpdateCIMDPolicy on the user pool. AWS said: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_POLICY_NAME" "$policy_id" "$err" >&2; echo >&2',
    '  exit 1',
    'fi',
    'if lx_retrying cognito-idp create-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --client-id "$LP_CLIENT_ID" --policy-name "$LP_POLICY_NAME" --cache-duration "$LP_CACHE_DURATION" --url-patterns "$patterns"; then',
    '  printf "%s: created %s: client %s, URL patterns %s" "$LX_STEP" "$LP_POLICY_NAME" "$LP_CLIENT_ID" "$patterns"; echo',
    '  exit 0',
    'fi',
    'cimd_too_old',
    'printf "%s: create-cimd-policy failed (%s after %s attempt(s)) for %s. The caller needs cognito-idp:CreateCIMDPolicy on the user pool, and the pool a feature plan with CIMD. AWS said: %s" "$LX_STEP" "$outcome" "$attempt" "$LP_POLICY_NAME" "$err" >&2; echo >&2',
    'exit 1',
  ],
});

/**
 * `cimd_gone_or_fail OPERATION`: after a failed call of the destroy step, succeeds when the rules
 * proved the policy gone, else fails the step naming the operation.
 */
const GONE_OR_FAIL = [
  'cimd_gone_or_fail() {',
  '  if [ "$outcome" = done ]; then',
  '    printf "%s: nothing to delete for %s (already gone): %s" "$LX_STEP" "$LP_POLICY_NAME" "$err"; echo',
  '    exit 0',
  '  fi',
  '  cimd_too_old',
  '  printf "%s: %s failed (%s after %s attempt(s)) for %s; the policy may still exist. AWS said: %s" "$LX_STEP" "$1" "$outcome" "$attempt" "$LP_POLICY_NAME" "$err" >&2; echo >&2',
  '  exit 1',
  '}',
];

/**
 * Destroy-time step. Deletes the named policy only while it still holds this resource's
 * values: with `create_before_destroy`, the replacement has already updated the policy in place,
 * and the replaced resource must then leave it alone. A policy or pool that Cognito reports
 * missing is done; any other failure (access denied, no credentials, no `aws` on PATH) fails the
 * destroy, so a policy never stays behind a destroy that reported success.
 */
export const CIMD_DELETE_STEP: AwsCliStep = awsCliStep({
  step: 'cimd-policy',
  rules: CIMD_DELETE_ERROR_RULES,
  script: [
    ...PATTERNS,
    ...CLI_TOO_OLD,
    ...GONE_OR_FAIL,
    'if ! lx_retrying cognito-idp list-cimd-policies --user-pool-id "$LP_USER_POOL_ID"; then cimd_gone_or_fail list-cimd-policies; fi',
    ...FIND_POLICY,
    'if [ -z "$policy_id" ]; then',
    '  printf "%s: nothing to delete for %s (already gone)" "$LX_STEP" "$LP_POLICY_NAME"; echo',
    '  exit 0',
    'fi',
    'if ! lx_retrying cognito-idp describe-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id"; then cimd_gone_or_fail describe-cimd-policy; fi',
    'if ! owned=$(printf "%s" "$out" | jq -r --arg client "$LP_CLIENT_ID" --argjson patterns "$patterns" --arg cache "$LP_CACHE_DURATION" \'.CIMDPolicy | if type != "object" then error("no CIMDPolicy object") else .ClientId == $client and .URLPatterns == $patterns and ((.CacheDuration // 86400) | tostring) == $cache end\' 2>&1); then',
    '  printf "%s: cannot read CIMD policy %s (%s), so it is not known whether it still holds this configuration; nothing was deleted: %s" "$LX_STEP" "$LP_POLICY_NAME" "$policy_id" "$owned" >&2; echo >&2',
    '  exit 1',
    'fi',
    'if [ "$owned" != true ]; then',
    '  printf "%s: kept %s (%s): a newer configuration has updated it" "$LX_STEP" "$LP_POLICY_NAME" "$policy_id"; echo',
    '  exit 0',
    'fi',
    'if lx_retrying cognito-idp delete-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id"; then',
    '  printf "%s: deleted %s (%s)" "$LX_STEP" "$LP_POLICY_NAME" "$policy_id"; echo',
    '  exit 0',
    'fi',
    'cimd_gone_or_fail delete-cimd-policy',
  ],
});

/** Trigger keys, and the environment variable each one feeds. */
const TRIGGER_ENV = {
  LP_USER_POOL_ID: 'user_pool_id',
  LP_CLIENT_ID: 'client_id',
  LP_POLICY_NAME: 'policy_name',
  LP_URL_PATTERNS: 'url_patterns',
  LP_CACHE_DURATION: 'cache_duration',
  LX_REGION: 'region',
  LX_ENDPOINT_URL: 'endpoint_url',
} as const;

/**
 * A Cognito Client ID Metadata Document (CIMD) policy: external OAuth clients whose `client_id`
 * is an `https` metadata URL matching one of `urlPatterns` are accepted by the user pool as the
 * app client `clientId` (Amazon Cognito developer guide, "Client ID metadata documents";
 * API `CreateCIMDPolicy`).
 *
 * hashicorp/aws 6.25.0 (the pinned bindings) has no resource for it, so in `local-exec` mode a
 * `null_resource` runs the AWS CLI: on create (and on any change, which replaces the resource
 * with `create_before_destroy`) it finds the policy by name and updates it, or creates it; on
 * destroy it deletes the policy unless a newer configuration has taken it over. Values reach the
 * shell only through the environment. Failed calls are classified by Cognito's error code
 * ({@link CIMD_APPLY_ERROR_RULES}, {@link CIMD_DELETE_ERROR_RULES}, then the transient errors
 * every AWS CLI step retries); a missing `aws` or `jq` fails the step, on destroy too. `native` is refused at synth until the bindings have a
 * resource. Address: `null_resource.<addressName>`.
 *
 * @throws ValidationError naming the field when a literal value breaks Cognito's rules.
 */
export class CimdPolicy extends Construct {
  readonly resource: NullResource;

  constructor(scope: Construct, id: string, props: CimdPolicyProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    const mode = props.mode ?? 'local-exec';
    if (mode === 'native') {
      throw new ValidationError(
        `${id}.mode`,
        '[cimd.native] hashicorp/aws 6.25.0 (the pinned provider bindings) has no CIMD policy resource; use "local-exec" until bindings with one are pinned',
        mode,
      );
    }
    if (!CIMD_POLICY_NAME.test(props.policyName)) {
      throw new ValidationError(`${id}.policyName`, '[cimd.policyName] 1-32 printable characters', props.policyName);
    }
    if (
      props.urlPatterns.length < 1 ||
      props.urlPatterns.length > 5 ||
      new Set(props.urlPatterns).size !== props.urlPatterns.length
    ) {
      throw new ValidationError(`${id}.urlPatterns`, '[cimd.urlPatterns] 1-5 distinct patterns', props.urlPatterns);
    }
    for (const p of props.urlPatterns) {
      if (!CIMD_URL_PATTERN.test(p)) {
        throw new ValidationError(
          `${id}.urlPatterns`,
          '[cimd.urlPatterns] Cognito URLPatternType: https:// and 4-248 URL characters',
          p,
        );
      }
    }
    const cache = props.cacheDurationSeconds ?? CIMD_CACHE_SECONDS.min;
    if (!Number.isInteger(cache) || cache < CIMD_CACHE_SECONDS.min || cache > CIMD_CACHE_SECONDS.max) {
      throw new ValidationError(`${id}.cacheDurationSeconds`, '[cimd.cacheDuration] 86400-31556952 seconds', cache);
    }

    stack.useNullProvider();
    this.resource = setAddress(
      new NullResource(this, 'policy', {
        triggers: {
          user_pool_id: props.userPoolId,
          client_id: props.clientId,
          policy_name: props.policyName,
          url_patterns: JSON.stringify(props.urlPatterns),
          cache_duration: String(cache),
          region: stack.region,
          endpoint_url: stack.emulatorEndpoint ?? '',
        },
        // A change updates the policy in place before the old resource's destroy step runs, so
        // CIMD clients are never refused in between (the destroy step then keeps the policy).
        lifecycle: { createBeforeDestroy: true },
        provisioners: awsCliProvisioners(CIMD_APPLY_STEP, CIMD_DELETE_STEP, {
          triggerEnv: TRIGGER_ENV,
          retry: props.retry,
          retryField: `${id}.retry`,
        }),
      }),
      addressNameOf(id, props),
    );
  }
}
