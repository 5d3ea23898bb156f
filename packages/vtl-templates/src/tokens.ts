/**
 * cdktf encodes unresolved values (resource attributes, variables) in strings as `${TfToken[TOKEN.n]}`; they are only
 * known at apply time, so synth-time validation must leave them alone. Detected by shape to keep this package free of
 * a cdktf dependency.
 */
export function containsToken(value: string): boolean {
  return /\$\{TfToken\[[^\]]*\]\}/.test(value);
}
