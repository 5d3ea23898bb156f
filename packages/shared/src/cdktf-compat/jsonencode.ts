import { Fn, Token } from 'cdktf';
import { ValidationError } from '../errors';

/**
 * cdktf 0.21 renders `Fn.jsonencode({...})` as an HCL object literal and writes the strings in it
 * without escaping: a `"` or `\` breaks the JSON and the HCL output (or silently yields a
 * different value), a newline ends the line, and a literal `${` is read as an interpolation.
 */
const UNSAFE_IN_JSONENCODE = /["\\\n\r\t]|\$\{|%\{/;

/**
 * Refuses `value` (any JSON-like value; keys are checked too) when a string in it holds `"` or
 * `\`, which cdktf would write unescaped into a `jsonencode(...)` argument. For values that must
 * keep such characters use {@link jsonencodeSafe}.
 */
export function assertJsonencodeSafe(value: unknown, field: string, ruleId: string, rule: string): void {
  const unsafe = collectStrings(value).find((v) => /["\\]/.test(v));
  if (unsafe !== undefined) throw new ValidationError(field, `[${ruleId}] ${rule}`, unsafe);
}

/**
 * `value` with every string cdktf would write unsafely into a `jsonencode(...)` argument replaced
 * by `base64decode("<base64>")`, which Terraform decodes at plan time byte for byte. Strings
 * holding tokens and safe strings are kept as they are.
 */
export function jsonencodeSafe(value: unknown): unknown {
  if (typeof value === 'string') {
    if (Token.isUnresolved(value) || !UNSAFE_IN_JSONENCODE.test(value)) return value;
    return Fn.base64decode(Buffer.from(value, 'utf8').toString('base64'));
  }
  if (Array.isArray(value)) return value.map(jsonencodeSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonencodeSafe(v)]));
  }
  return value;
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...collectStrings(v)]);
  return [];
}
