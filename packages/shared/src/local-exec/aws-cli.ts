import type { LocalExecProvisioner } from 'cdktf';
import { bashLocalExec, oneLine } from '../cdktf-compat/local-exec';
import { assertWholeNumber } from '../validation';

/**
 * AWS CLI steps of a `null_resource` + `local-exec` where the provider has no resource (the Lake
 * Formation grant on S3 Tables, the federated catalog; next the S3 Tables partition, sort order
 * and schema steps). One mechanism for all of them:
 *
 * - every command is a constant: values reach the shell only through the provisioner's
 *   `environment`, read as quoted `"$VAR"`; JSON arguments are built by `jq --arg`, so quotes,
 *   `$`, backticks or newlines in a value stay data. Commands avoid `${`, `%{` and backslashes
 *   (see `bashLocalExec`);
 * - the tools a step needs are checked before anything runs: a missing `aws` or `jq` fails the
 *   step (exit 127), on destroy too, instead of passing for done;
 * - a failed call is classified by the AWS error code the CLI prints
 *   (`An error occurred (<Code>) when calling the <Operation> operation: <message>`) and, where a
 *   code is ambiguous, its message, through the step's {@link AwsErrorRule}s followed by
 *   {@link TRANSIENT_AWS_ERRORS}: only what can succeed on a later attempt is retried, and a
 *   "nothing to do" answer counts as success only where it proves the goal already holds. A code
 *   no rule names, or an error without one (credentials, network after the CLI's own retries),
 *   fails the step at once.
 */

/** What a failed call means for the step. */
export type AwsErrorOutcome =
  /** Can succeed on a later attempt (throttling, propagation): retried with backoff. */
  | 'retry'
  /** Proves the step's goal already holds (revoking what is not granted): the step succeeds. */
  | 'done'
  /** Ambiguous: the step's `check` function asks AWS another question and decides. */
  | 'check'
  /** Anything else: the step fails with AWS's message. */
  | 'fatal';

/** One row of an error classification table. */
export interface AwsErrorRule {
  /** AWS error code, exactly as the CLI prints it in parentheses. */
  readonly code: string;
  /**
   * Regular expression (jq/Oniguruma, matched case-insensitively) the error text must match as
   * well; it may not contain a backslash. @default any message
   */
  readonly message?: string;
  readonly outcome: AwsErrorOutcome;
  /** Why, in words: the README's table and the log line quote it. */
  readonly why: string;
}

/**
 * Service errors any AWS API can return that a later attempt can get past; every step retries
 * them after its own rules (AWS SDK "Retry behavior": throttling and transient errors). The CLI
 * already retried them itself (its retry mode, 2 or 4 extra attempts) before the step sees them.
 */
export const TRANSIENT_AWS_ERRORS: readonly AwsErrorRule[] = [
  ...['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown'].map(
    (code): AwsErrorRule => ({ code, outcome: 'retry', why: 'throttled: the request rate falls back over time' }),
  ),
  ...[
    'InternalServiceException',
    'InternalServerException',
    'InternalFailure',
    'InternalError',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'OperationTimeoutException',
  ].map((code): AwsErrorRule => ({ code, outcome: 'retry', why: 'a transient failure on the service side' })),
  { code: 'ConcurrentModificationException', outcome: 'retry', why: 'another change to the same resource was in flight' },
];

/** Retry settings of the AWS CLI steps. */
export interface RetryOptions {
  /** Attempts before giving up, 1-3600. @default 8 */
  readonly maxAttempts?: number;
  /** Seconds before the second attempt, 0-3600; doubles each time. @default 5 */
  readonly initialDelaySeconds?: number;
  /** Upper bound of the delay in seconds, 0-3600. @default 60 */
  readonly maxDelaySeconds?: number;
}

/** The tools every step runs with; a step adds its own with `AwsCliStepProps.tools`. */
export const AWS_CLI_STEP_TOOLS = ['aws', 'jq', 'grep', 'cut', 'head', 'mktemp', 'sleep'] as const;

/**
 * `LX_RULES` is this prefix and the rules as JSON: cdktf 0.21 writes a provisioner environment
 * value that starts with `[`, `{` or `"` into HCL unquoted, as an expression (see `bashLocalExec`).
 */
export const RULES_PREFIX = 'rules:';

/**
 * Shell functions every step starts with (constants; values come from the environment):
 * - `awscli ARGS...`: `aws` with `--region`, `--output json` and, only in emulator mode,
 *   `--endpoint-url`;
 * - `lx_call ARGS...`: runs `awscli`; on success `$out` holds stdout; on failure `$err` holds
 *   stderr, `$code` the AWS error code (empty when there is none) and `$outcome` what the rules
 *   in `$LX_RULES` make of it;
 * - `lx_retrying ARGS...`: `lx_call` until it succeeds, or the outcome is not `retry`, or
 *   `$LX_RETRY_MAX_ATTEMPTS` attempts are spent (`$outcome` is then `exhausted`); a `check`
 *   outcome is replaced by what the step's `lx_check` prints. `$attempt` counts the attempts.
 */
const PRELUDE = [
  'set -u',
  'for tool in $LX_TOOLS; do',
  '  if ! command -v "$tool" >/dev/null 2>&1; then',
  '    printf "%s: this step needs %s on PATH and cannot run without it; nothing was changed" "$LX_STEP" "$tool" >&2; echo >&2',
  '    exit 127',
  '  fi',
  'done',
  'lx_errfile=$(mktemp) || exit 1',
  'trap \'rm -f "$lx_errfile"\' EXIT',
  'awscli() {',
  '  if [ -n "$LX_ENDPOINT_URL" ]; then',
  '    aws --endpoint-url "$LX_ENDPOINT_URL" --region "$LX_REGION" --output json "$@"',
  '  else',
  '    aws --region "$LX_REGION" --output json "$@"',
  '  fi',
  '}',
  'lx_call() {',
  '  err=""',
  '  code=""',
  '  outcome=""',
  '  if out=$(awscli "$@" 2>"$lx_errfile"); then return 0; fi',
  '  err=$(cat "$lx_errfile")',
  '  code=$(printf "%s" "$err" | grep -Eo "An error occurred [(][A-Za-z0-9_.:-]+[)]" | head -n 1 | cut -d "(" -f 2 | cut -d ")" -f 1)',
  `  outcome=$(jq -rn --arg code "$code" --arg text "$err" --arg rules "$LX_RULES" '[$rules | ltrimstr("${RULES_PREFIX}") | fromjson | .[] | select(.code == $code and ((.message // "") as $m | $m == "" or ($text | test($m; "i"))))][0].outcome // "fatal"')`,
  '  return 1',
  '}',
  'lx_retrying() {',
  '  attempt=1',
  '  delay="$LX_RETRY_INITIAL_DELAY"',
  '  while :; do',
  '    if lx_call "$@"; then return 0; fi',
  '    if [ "$outcome" = check ]; then outcome=$(lx_check); fi',
  '    if [ "$outcome" != retry ]; then return 1; fi',
  '    if [ "$attempt" -ge "$LX_RETRY_MAX_ATTEMPTS" ]; then',
  '      outcome=exhausted',
  '      return 1',
  '    fi',
  '    printf "%s: attempt %s failed with %s, which a later attempt can get past; retrying in %ss: %s" "$LX_STEP" "$attempt" "$code" "$delay" "$err" >&2; echo >&2',
  '    sleep "$delay"',
  '    attempt=$((attempt + 1))',
  '    delay=$((delay * 2))',
  '    if [ "$delay" -gt "$LX_RETRY_MAX_DELAY" ]; then delay="$LX_RETRY_MAX_DELAY"; fi',
  '  done',
  '}',
];

/** One AWS CLI step: its name, its error rules, its script. */
export interface AwsCliStepProps {
  /** Name the step's log lines start with, e.g. `lake-formation-grant`. */
  readonly step: string;
  /** The step's own error rules, read before {@link TRANSIENT_AWS_ERRORS}; first match wins. */
  readonly rules: readonly AwsErrorRule[];
  /**
   * Body of `lx_check`, which decides a `check` outcome: it runs in a subshell with `$code` and
   * `$err` of the ambiguous error, may call `lx_call`, logs its reasoning to stderr and prints
   * `retry`, `done` or `fatal`. Required when a rule's outcome is `check`. @default none
   */
  readonly check?: readonly string[];
  /** The step's script, after the prelude; `lx_retrying` / `lx_call` make its calls. */
  readonly script: readonly string[];
  /** Tools besides {@link AWS_CLI_STEP_TOOLS}. @default none */
  readonly tools?: readonly string[];
  /** Backoff of `lx_retrying`. @default see {@link RetryOptions} */
  readonly retry?: RetryOptions;
  /** Field prefix of retry validation errors. @default 'retry' */
  readonly retryField?: string;
}

/** What a provisioner runs: the one-line command and the constant part of its environment. */
export interface AwsCliStep {
  readonly command: string;
  /**
   * `LX_STEP`, `LX_TOOLS`, `LX_RULES` ({@link RULES_PREFIX} and the rules as JSON) and the retry settings; the caller adds
   * `LX_REGION`, `LX_ENDPOINT_URL` and its own values (see {@link triggerEnvironment}).
   */
  readonly environment: Record<string, string>;
}

/** Builds a step: prelude, `lx_check`, script, joined into the one line a provisioner runs. */
export function awsCliStep(props: AwsCliStepProps): AwsCliStep {
  const rules = [...props.rules, ...TRANSIENT_AWS_ERRORS];
  for (const r of rules) {
    if (r.message?.includes('\\')) throw new Error(`[localExec.rules] ${props.step}: rule messages must not contain a backslash`);
  }
  if (rules.some((r) => r.outcome === 'check') && !props.check) {
    throw new Error(`[localExec.rules] ${props.step}: a rule with outcome "check" needs a check function`);
  }
  const check = props.check ? ['lx_check() {', ...props.check.map((l) => `  ${l}`), '}'] : [];
  return {
    command: oneLine([...PRELUDE, ...check, ...props.script]),
    environment: {
      LX_STEP: props.step,
      LX_TOOLS: [...AWS_CLI_STEP_TOOLS, ...(props.tools ?? [])].join(' '),
      LX_RULES:
        RULES_PREFIX +
        JSON.stringify(rules.map(({ code, message, outcome }) => ({ code, ...(message ? { message } : {}), outcome }))),
      ...retryEnvironment(props.retry, props.retryField),
    },
  };
}

/** The retry settings as environment entries (validated numbers). */
export function retryEnvironment(retry: RetryOptions = {}, field = 'retry'): Record<string, string> {
  const maxAttempts = retry.maxAttempts ?? 8;
  const initial = retry.initialDelaySeconds ?? 5;
  const max = retry.maxDelaySeconds ?? 60;
  assertWholeNumber(maxAttempts, 1, 3600, `${field}.maxAttempts`, 'localExec.retry');
  assertWholeNumber(initial, 0, 3600, `${field}.initialDelaySeconds`, 'localExec.retry');
  assertWholeNumber(max, 0, 3600, `${field}.maxDelaySeconds`, 'localExec.retry');
  return {
    LX_RETRY_MAX_ATTEMPTS: String(maxAttempts),
    LX_RETRY_INITIAL_DELAY: String(initial),
    LX_RETRY_MAX_DELAY: String(max),
  };
}

/**
 * Environment entries read from `self.triggers`: the only way values reach a command, and the
 * only references a destroy-time provisioner may make.
 */
export function triggerEnvironment(mapping: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([env, trigger]) => [env, `\${self.triggers.${trigger}}`]));
}

/** How {@link awsCliProvisioners} wires a `null_resource`'s steps to its triggers and backoff. */
export interface AwsCliProvisionerOptions {
  /** Environment variable -> trigger key of the `null_resource` (see {@link triggerEnvironment}). */
  readonly triggerEnv: Readonly<Record<string, string>>;
  /** The construct's backoff; it overrides the steps' own. @default see {@link RetryOptions} */
  readonly retry?: RetryOptions;
  /** Field prefix of retry validation errors, e.g. `grant.retry`. */
  readonly retryField: string;
}

/**
 * The provisioners of a `null_resource` that runs AWS CLI steps: `create` on create (and on
 * replacement), `destroy` (when given) with `when = destroy`. Each one's environment is the trigger
 * values, then its step's constant entries, then the retry settings (a later entry wins), so
 * values reach the shell only through `self.triggers`.
 *
 * @throws Error (`[localExec.retry]`) when a retry setting is not a whole number in 0-3600 (1-3600 attempts).
 */
export function awsCliProvisioners(
  create: AwsCliStep,
  destroy: AwsCliStep | undefined,
  options: AwsCliProvisionerOptions,
): LocalExecProvisioner[] {
  const environment = (step: AwsCliStep) => ({
    ...triggerEnvironment(options.triggerEnv),
    ...step.environment,
    ...retryEnvironment(options.retry, options.retryField),
  });
  return [
    bashLocalExec(create.command, environment(create)),
    ...(destroy ? [bashLocalExec(destroy.command, environment(destroy), 'destroy')] : []),
  ];
}

/**
 * `rules` (then {@link TRANSIENT_AWS_ERRORS}, unless `withTransient` is false) as a Markdown
 * table: code, message, outcome, why. The READMEs' tables are this output (tests compare them).
 */
export function errorRulesTable(rules: readonly AwsErrorRule[], withTransient = true): string {
  const rows = [...rules, ...(withTransient ? TRANSIENT_AWS_ERRORS : [])].map(
    (r) => `| \`${r.code}\` | ${r.message ? `\`${r.message.replace(/\|/g, '\\|')}\`` : 'any'} | ${r.outcome} | ${r.why} |`,
  );
  return ['| error code | message matches | outcome | why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
