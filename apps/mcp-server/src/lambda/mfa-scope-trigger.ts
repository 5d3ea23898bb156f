import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/**
 * Cognito pre token generation trigger (event version 2, access token customization; Essentials
 * or Plus tier): keeps the guarded scopes (the log tools' `mcp/logs.read`) out of the access tokens
 * of users who have no MFA method set up.
 *
 * Cognito cannot require MFA per scope, and the trigger event does not say how the user signed in.
 * What it can check is whether the user has MFA set up (`AdminGetUser` → `UserMFASettingList`):
 * in a pool with `MfaConfiguration: OPTIONAL`, Cognito challenges every user who has activated an
 * MFA method at every sign-in, unless device tracking remembers the device (this pool does not
 * configure it), and adaptive authentication does not change that (Cognito Developer Guide,
 * "Working with adaptive authentication"; API Reference, SetUserMFAPreference). The trigger runs
 * again on every refresh, so a user who turns MFA off loses the scope at the next refresh.
 *
 * Fails closed for the guarded scopes only: if the user cannot be looked up, the scopes are
 * suppressed and the other scopes are issued, so signing in for the ordinary tools still works.
 */

/** The parts of the V2 event this trigger reads and writes (Cognito Developer Guide, "Pre token generation Lambda trigger"). */
export interface PreTokenGenerationV2Event {
  readonly version: string;
  readonly triggerSource: string;
  readonly userPoolId: string;
  readonly userName: string;
  readonly request: { readonly scopes?: readonly string[]; readonly [key: string]: unknown };
  response: {
    claimsAndScopeOverrideDetails?: { accessTokenGeneration?: { scopesToSuppress?: string[] } } | null;
  };
  readonly [key: string]: unknown;
}

/** The environment variable holding the guarded scopes, as a JSON array of strings. */
export const GUARDED_SCOPES_ENV = 'MFA_GUARDED_SCOPES';
/** What a full scope looks like: `<resource server>/<name>` of RFC 6749 scope characters, no quotes or spaces. */
const SCOPE = /^[A-Za-z0-9._~-]{1,256}\/[A-Za-z0-9._~-]{1,64}$/;

/** Looks a user up; `AdminGetUser` in production. */
export type MfaSettingsLookup = (userPoolId: string, userName: string) => Promise<readonly string[]>;

export interface MfaScopeTriggerOptions {
  readonly guardedScopes: readonly string[];
  readonly lookup: MfaSettingsLookup;
  /** @default one JSON line on stdout */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** Parses and checks `MFA_GUARDED_SCOPES`; throws (the trigger then fails every token request, loudly) when it is wrong. */
export function guardedScopesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[GUARDED_SCOPES_ENV];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new Error(`${GUARDED_SCOPES_ENV} must be a JSON array of scopes`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string' && SCOPE.test(s))) {
    throw new Error(`${GUARDED_SCOPES_ENV} must be a non-empty JSON array of scopes such as "mcp/logs.read"`);
  }
  return parsed as string[];
}

/** The trigger's logic, with the user lookup injected (tests pass moto's Cognito or a stub). */
export function createMfaScopeTrigger(
  options: MfaScopeTriggerOptions,
): (event: PreTokenGenerationV2Event) => Promise<PreTokenGenerationV2Event> {
  const log = options.log ?? ((entry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
  return async (event) => {
    const requested = Array.isArray(event.request?.scopes) ? event.request.scopes : [];
    const guarded = options.guardedScopes.filter((s) => requested.includes(s));
    if (guarded.length === 0) return event;
    let suppress = true;
    let reason: string;
    try {
      const methods = await options.lookup(event.userPoolId, event.userName);
      suppress = methods.length === 0;
      reason = suppress ? 'no MFA method set up' : `MFA set up (${methods.join(', ')})`;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      reason = `user lookup failed: ${e.name ?? 'Error'}: ${String(e.message ?? '').slice(0, 200)}`;
    }
    log({ trigger: 'mfa-scope', triggerSource: event.triggerSource, suppressed: suppress ? guarded : [], reason });
    if (!suppress) return event;
    const details = event.response.claimsAndScopeOverrideDetails ?? {};
    const already = details.accessTokenGeneration?.scopesToSuppress ?? [];
    event.response.claimsAndScopeOverrideDetails = {
      ...details,
      accessTokenGeneration: { ...details.accessTokenGeneration, scopesToSuppress: [...new Set([...already, ...guarded])] },
    };
    return event;
  };
}

type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');

/**
 * `UserMFASettingList` of AdminGetUser: the MFA methods the user has activated. The SDK comes from
 * the nodejs22.x runtime (the bundle keeps `@aws-sdk/*` external), loaded with `require` because
 * the runtime's copy is found through NODE_PATH. `AWS_ENDPOINT_URL` (emulator) is honoured.
 */
export function adminGetUserLookup(client?: CognitoIdentityProviderClient): MfaSettingsLookup {
  let sdk: CognitoSdk | undefined;
  let c = client;
  return async (userPoolId, userName) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk ??= require('@aws-sdk/client-cognito-identity-provider') as CognitoSdk;
    c ??= new sdk.CognitoIdentityProviderClient({
      ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
    });
    const user = await c.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
    return user.UserMFASettingList ?? [];
  };
}

let trigger: ((event: PreTokenGenerationV2Event) => Promise<PreTokenGenerationV2Event>) | undefined;

/** The Lambda entry point (`mfa-scope-trigger.handler`). */
export const handler = (event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> =>
  (trigger ??= createMfaScopeTrigger({ guardedScopes: guardedScopesFromEnv(), lookup: adminGetUserLookup() }))(event);
