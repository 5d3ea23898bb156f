/**
 * How cdktf 0.21 encodes an unresolved value (a resource attribute, a function call) inside a
 * string: `${TfToken[TOKEN.12]}`, and `#{TfToken[...]}` for lists. Values holding one are known
 * only at apply time, so synth-time checks must leave them alone. Matched by shape, so code that
 * must not load cdktf (the Lambda bundle, the template package) can still recognise them.
 */
export const TOKEN_PATTERN = /[$#]\{TfToken\[[^\]]*\]\}/g;

/** True when `value` holds at least one cdktf token. */
export function containsToken(value: string): boolean {
  return new RegExp(TOKEN_PATTERN.source).test(value);
}

/** Every token in `value`, in order of appearance. */
export function tokensIn(value: string): string[] {
  return value.match(TOKEN_PATTERN) ?? [];
}
