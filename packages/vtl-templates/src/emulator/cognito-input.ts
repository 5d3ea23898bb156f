/**
 * The input constraints Cognito documents for the CreateUserPoolClient members dcr-request.vtl fills from a request
 * (Cognito API reference and the cognito-idp service model; test/cognito-model.test.ts compares these numbers and
 * patterns with botocore's model). moto does not enforce them, so the local registration pipeline applies them before
 * calling moto and answers as Cognito documents a constraint failure: HTTP 400, `InvalidParameterException`, a message
 * naming the member. This matters for refused registrations, whose request carries `CallbackURLs: [""]`.
 */
export const CREATE_USER_POOL_CLIENT_CONSTRAINTS = {
  ClientName: { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' },
  CallbackURLs: { maxItems: 100, member: { min: 1, max: 1024, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' } },
  AllowedOAuthScopes: { maxItems: 50, member: { min: 1, max: 256, pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+' } },
} as const;

interface StringRule {
  min: number;
  max: number;
  pattern: string;
}

/** `^(?:pattern)$` with the Unicode flag, the way botocore-modelled patterns must match (in full). */
const full = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'u');

function stringViolations(member: string, value: unknown, rule: StringRule): string[] {
  if (typeof value !== 'string') return [`Value at '${member}' failed to satisfy constraint: Member must be a string`];
  const out: string[] = [];
  // Lengths in Unicode code points, as Cognito counts them.
  const length = [...value].length;
  if (length < rule.min) out.push(`Member must have length greater than or equal to ${rule.min}`);
  if (length > rule.max) out.push(`Member must have length less than or equal to ${rule.max}`);
  if (!full(rule.pattern).test(value)) out.push(`Member must satisfy regular expression pattern: ${rule.pattern}`);
  return out.map((c) => `Value '${value}' at '${member}' failed to satisfy constraint: ${c}`);
}

/** Constraint failures of a CreateUserPoolClient request, worded as AWS's JSON protocol reports them. */
export function createUserPoolClientViolations(request: Record<string, unknown>): string[] {
  const out: string[] = [];
  const c = CREATE_USER_POOL_CLIENT_CONSTRAINTS;
  if ('ClientName' in request) out.push(...stringViolations('clientName', request.ClientName, c.ClientName));
  for (const [name, member, rule] of [
    ['CallbackURLs', 'callbackURLs', c.CallbackURLs],
    ['AllowedOAuthScopes', 'allowedOAuthScopes', c.AllowedOAuthScopes],
  ] as const) {
    const list = request[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.push(`Value at '${member}' failed to satisfy constraint: Member must be a list`);
      continue;
    }
    if (list.length > rule.maxItems) {
      out.push(
        `Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${rule.maxItems}`,
      );
    }
    list.forEach((item, i) => out.push(...stringViolations(`${member}.${i + 1}.member`, item, rule.member)));
  }
  return out;
}

/** The error body Cognito answers (with HTTP 400) for `violations`, or `undefined` when there are none. */
export function createUserPoolClientValidationError(
  request: Record<string, unknown>,
): { __type: string; message: string } | undefined {
  const violations = createUserPoolClientViolations(request);
  if (violations.length === 0) return undefined;
  const n = violations.length;
  return {
    __type: 'InvalidParameterException',
    message: `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
  };
}
