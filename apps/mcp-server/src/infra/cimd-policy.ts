import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
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
  '  printf "cimd-policy: the URL patterns are not a JSON array of strings: %s" "$patterns" >&2; echo >&2',
  '  exit 1',
  'fi',
];

/** `$out` of a failed call that means the CLI cannot know the command: say which CLI is needed. */
const CLI_TOO_OLD = [
  'if printf "%s" "$out" | grep -q "Invalid choice"; then',
  `  printf "cimd-policy: this AWS CLI has no cognito-idp CIMD commands; they need a botocore model >= ${CIMD_MIN_BOTOCORE} (a current AWS CLI v2, or AWS_DATA_PATH pointing at the botocore data directory of botocore>=${CIMD_MIN_BOTOCORE}). %s" "$out" >&2; echo >&2`,
  '  exit 1',
  'fi',
];

/** Lists the pool's CIMD policies into `$out` and sets `$policy_id` to the one named `$LP_POLICY_NAME` (or empty). */
const FIND_POLICY = [
  'policy_id=$(printf "%s" "$out" | jq -r --arg name "$LP_POLICY_NAME" \'[.CIMDPolicies[]? | select(.PolicyName == $name) | .CIMDPolicyId] | first // empty\')',
];

/**
 * Create-time command: idempotent. Finds the policy by name; updates it when it exists (a
 * replacement of this resource after a change, or a re-run after a failed apply), creates it
 * otherwise. Retries while the app client propagates.
 */
export const CIMD_APPLY_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...PATTERNS,
  'if ! retrying cimd-policy-list awscli cognito-idp list-cimd-policies --user-pool-id "$LP_USER_POOL_ID"; then',
  ...CLI_TOO_OLD,
  '  printf "cimd-policy: list-cimd-policies failed after %s attempt(s) for user pool %s: %s" "$attempt" "$LP_USER_POOL_ID" "$out" >&2; echo >&2',
  '  exit 1',
  'fi',
  ...FIND_POLICY,
  'if [ -n "$policy_id" ]; then',
  '  if retrying cimd-policy-update awscli cognito-idp update-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id" --client-id "$LP_CLIENT_ID" --policy-name "$LP_POLICY_NAME" --cache-duration "$LP_CACHE_DURATION" --url-patterns "$patterns"; then',
  '    printf "cimd-policy: updated %s (%s): client %s, URL patterns %s" "$LP_POLICY_NAME" "$policy_id" "$LP_CLIENT_ID" "$patterns"; echo',
  '    exit 0',
  '  fi',
  '  printf "cimd-policy: update-cimd-policy failed after %s attempt(s) for %s: %s" "$attempt" "$LP_POLICY_NAME" "$out" >&2; echo >&2',
  '  exit 1',
  'fi',
  'if retrying cimd-policy-create awscli cognito-idp create-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --client-id "$LP_CLIENT_ID" --policy-name "$LP_POLICY_NAME" --cache-duration "$LP_CACHE_DURATION" --url-patterns "$patterns"; then',
  '  printf "cimd-policy: created %s: client %s, URL patterns %s" "$LP_POLICY_NAME" "$LP_CLIENT_ID" "$patterns"; echo',
  '  exit 0',
  'fi',
  ...CLI_TOO_OLD,
  'printf "cimd-policy: create-cimd-policy failed after %s attempt(s) for %s. The caller needs cognito-idp:CreateCIMDPolicy on the user pool, and the pool a feature plan with CIMD. Last error: %s" "$attempt" "$LP_POLICY_NAME" "$out" >&2; echo >&2',
  'exit 1',
]);

/** Errors that mean there is nothing left to delete. */
export const CIMD_GONE_ERRORS = 'ResourceNotFoundException|does not exist|not found';

/** `$out` of a failed call: done when the policy or its pool is gone, else fail with `what`. */
const GONE_OR_FAIL = (what: string) => [
  'if printf "%s" "$out" | grep -Eqi "$LP_GONE_ON"; then',
  '  printf "cimd-policy: nothing to delete for %s (already gone): %s" "$LP_POLICY_NAME" "$out"; echo',
  '  exit 0',
  'fi',
  ...CLI_TOO_OLD,
  `printf "cimd-policy: ${what} failed for %s: %s" "$LP_POLICY_NAME" "$out" >&2; echo >&2`,
  'exit 1',
];

/**
 * Destroy-time command. Deletes the named policy only while it still holds this resource's
 * values: with `create_before_destroy`, the replacement has already updated the policy in place,
 * and the replaced resource must then leave it alone. An already-missing policy or pool is done.
 */
export const CIMD_DELETE_COMMAND = oneLine([
  ...AWS_CLI_PRELUDE_LINES,
  ...PATTERNS,
  'if ! out=$(awscli cognito-idp list-cimd-policies --user-pool-id "$LP_USER_POOL_ID" 2>&1); then',
  ...GONE_OR_FAIL('list-cimd-policies').map((l) => `  ${l}`),
  'fi',
  ...FIND_POLICY,
  'if [ -z "$policy_id" ]; then',
  '  printf "cimd-policy: nothing to delete for %s (already gone)" "$LP_POLICY_NAME"; echo',
  '  exit 0',
  'fi',
  'if ! out=$(awscli cognito-idp describe-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id" 2>&1); then',
  ...GONE_OR_FAIL('describe-cimd-policy').map((l) => `  ${l}`),
  'fi',
  'if ! printf "%s" "$out" | jq -e --arg client "$LP_CLIENT_ID" --argjson patterns "$patterns" --arg cache "$LP_CACHE_DURATION" \'.CIMDPolicy | .ClientId == $client and .URLPatterns == $patterns and ((.CacheDuration // 86400) | tostring) == $cache\' >/dev/null; then',
  '  printf "cimd-policy: kept %s (%s): a newer configuration has updated it" "$LP_POLICY_NAME" "$policy_id"; echo',
  '  exit 0',
  'fi',
  'if out=$(awscli cognito-idp delete-cimd-policy --user-pool-id "$LP_USER_POOL_ID" --cimd-policy-id "$policy_id" 2>&1); then',
  '  printf "cimd-policy: deleted %s (%s)" "$LP_POLICY_NAME" "$policy_id"; echo',
  '  exit 0',
  'fi',
  ...GONE_OR_FAIL('delete-cimd-policy'),
]);

/** Trigger keys, and the environment variable each one feeds. */
const TRIGGER_ENV = {
  LP_USER_POOL_ID: 'user_pool_id',
  LP_CLIENT_ID: 'client_id',
  LP_POLICY_NAME: 'policy_name',
  LP_URL_PATTERNS: 'url_patterns',
  LP_CACHE_DURATION: 'cache_duration',
  LP_REGION: 'region',
  LP_ENDPOINT_URL: 'endpoint_url',
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
 * shell only through the environment. `native` is refused at synth until the bindings have a
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
    const environment = {
      ...triggerEnvironment(TRIGGER_ENV),
      ...retryEnvironment(props.retry, `${id}.retry`),
      LP_GONE_ON: CIMD_GONE_ERRORS,
    };
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
        provisioners: [
          bashLocalExec(CIMD_APPLY_COMMAND, environment),
          bashLocalExec(CIMD_DELETE_COMMAND, environment, 'destroy'),
        ],
      }),
      addressNameOf(id, props),
    );
  }
}
