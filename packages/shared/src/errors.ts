/**
 * Raised when configuration or construct props break a rule that AWS or this
 * project enforces. It is thrown at synth time so `cdktf synth` exits non-zero
 * before any Terraform is written; the message always names the offending field
 * and the rule, so the fix is obvious without reading the code.
 */
export class ValidationError extends Error {
  constructor(
    /** Dotted path of the offending value, e.g. `environments.dev.region`. */
    readonly field: string,
    /** The rule that was broken, in words a user can act on. */
    readonly rule: string,
    /** The offending value, when it is safe and useful to print. */
    readonly value?: unknown,
  ) {
    super(`${field}: ${rule}${value === undefined ? '' : ` (got ${formatValue(value)})`}`);
    this.name = 'ValidationError';
  }
}

/** `value` as error messages quote it: JSON, cut to 120 characters. */
export function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
