import { assertWholeNumber } from '../validation';

/**
 * Shared pieces of the `null_resource` + `local-exec` steps that call the AWS CLI where the
 * provider has no resource (Lake Formation grant on S3 Tables, the federated catalog). Every
 * command is a constant: values reach the shell only through the provisioner's `environment`
 * map, always read as quoted `"$VAR"`, and JSON arguments are built by `jq --arg`, so quotes,
 * spaces, `$`, backticks or newlines in a value stay data. The commands avoid `${` and `%{`,
 * which Terraform would treat as template sequences.
 */

/** Retry settings of the AWS CLI steps. */
export interface RetryOptions {
  /** Attempts before giving up, 1-3600. @default 8 */
  readonly maxAttempts?: number;
  /** Seconds before the second attempt, 0-3600; doubles each time. @default 5 */
  readonly initialDelaySeconds?: number;
  /** Upper bound of the delay in seconds, 0-3600. @default 60 */
  readonly maxDelaySeconds?: number;
}

/**
 * Errors worth retrying: a role created seconds ago is not yet visible to Lake Formation or
 * Glue (IAM is eventually consistent), plus throttling and transient service errors.
 */
export const RETRYABLE_ERRORS =
  'Invalid principal|not found|does not exist|EntityNotFoundException|ConcurrentModificationException|' +
  'ThrottlingException|TooManyRequestsException|Rate exceeded|InternalServiceException|InternalServerException|' +
  'OperationTimeoutException|ServiceUnavailable';

/**
 * Prelude of every command: `awscli` adds `--region` and, only when an endpoint override is
 * set (emulator mode), `--endpoint-url`; `retrying` runs a command with exponential backoff
 * on {@link RETRYABLE_ERRORS}, leaving the last output in `$out` and the attempt in `$attempt`.
 */
export const AWS_CLI_PRELUDE_LINES = [
  'set -u',
  'command -v jq >/dev/null 2>&1 || { echo "log-platform: this step needs jq on PATH (it builds the JSON arguments safely)" >&2; exit 1; }',
  'awscli() {',
  '  if [ -n "$LP_ENDPOINT_URL" ]; then',
  '    aws --endpoint-url "$LP_ENDPOINT_URL" --region "$LP_REGION" --output json "$@"',
  '  else',
  '    aws --region "$LP_REGION" --output json "$@"',
  '  fi',
  '}',
  'retrying() {',
  '  what="$1"',
  '  shift',
  '  attempt=1',
  '  delay="$LP_RETRY_INITIAL_DELAY"',
  '  while :; do',
  '    if out=$("$@" 2>&1); then return 0; fi',
  '    if ! printf "%s" "$out" | grep -Eqi "$LP_RETRY_ON"; then return 1; fi',
  '    if [ "$attempt" -ge "$LP_RETRY_MAX_ATTEMPTS" ]; then return 1; fi',
  '    printf "%s: attempt %s failed with a retryable error (a new IAM role can take seconds to propagate), retrying in %ss: %s" "$what" "$attempt" "$delay" "$out" >&2; echo >&2',
  '    sleep "$delay"',
  '    attempt=$((attempt + 1))',
  '    delay=$((delay * 2))',
  '    if [ "$delay" -gt "$LP_RETRY_MAX_DELAY" ]; then delay="$LP_RETRY_MAX_DELAY"; fi',
  '  done',
  '}',
];

/** Environment entries that are constants of the construct (safe to inline: validated numbers). */
export function retryEnvironment(retry: RetryOptions = {}, field = 'retry'): Record<string, string> {
  const maxAttempts = retry.maxAttempts ?? 8;
  const initial = retry.initialDelaySeconds ?? 5;
  const max = retry.maxDelaySeconds ?? 60;
  assertWholeNumber(maxAttempts, 1, 3600, `${field}.maxAttempts`, 'localExec.retry');
  assertWholeNumber(initial, 0, 3600, `${field}.initialDelaySeconds`, 'localExec.retry');
  assertWholeNumber(max, 0, 3600, `${field}.maxDelaySeconds`, 'localExec.retry');
  return {
    LP_RETRY_MAX_ATTEMPTS: String(maxAttempts),
    LP_RETRY_INITIAL_DELAY: String(initial),
    LP_RETRY_MAX_DELAY: String(max),
    LP_RETRY_ON: RETRYABLE_ERRORS,
  };
}

/**
 * Environment entries read from `self.triggers`: the only way values reach a command, and the
 * only references a destroy-time provisioner may make.
 */
export function triggerEnvironment(mapping: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([env, trigger]) => [env, `\${self.triggers.${trigger}}`]));
}
