import { Fn } from 'cdktf';
import { ValidationError } from '../errors';
import { containsToken, TOKEN_PATTERN } from './tokens';

/**
 * A string that renders to the same value in both of cdktf 0.21's outputs. Its HCL renderer
 * (`SYNTH_HCL_OUTPUT=true`, which `npm run verify` plans too) writes a single-line string that
 * contains a token without escaping its double quotes, and never escapes backslashes, so
 * `'Bearer resource_metadata="${api.api_endpoint}/…"'` becomes invalid HCL. Such a string is
 * rewritten as `format("<literal with %s>", tokens...)`, whose literal cdktf does escape.
 * Plain strings without tokens (quotes are escaped there) are returned unchanged; a backslash in
 * a single-line string cannot be rendered correctly at all and is refused.
 */
export function hclSafeString(value: string, field: string): string {
  if (!value.includes('\n') && value.includes('\\')) {
    throw new ValidationError(
      field,
      '[cdktf.hclString] single-line strings must not contain a backslash (cdktf 0.21 writes it unescaped to HCL)',
      value,
    );
  }
  const tokens = value.match(STRING_TOKEN);
  if (!tokens || !value.includes('"')) return value;
  const literal = value
    .split(STRING_TOKEN)
    .map((part) => part.replace(/%/g, '%%'))
    .join('%s');
  return Fn.format(Fn.rawString(literal), tokens);
}

/** String tokens only (`${TfToken[...]}`): list tokens cannot stand inside a string. */
const STRING_TOKEN = new RegExp(TOKEN_PATTERN.source.replace('[$#]', '\\$'), 'g');

/**
 * A regular expression without backslash escapes, which cdktf 0.21 writes unescaped to HCL:
 * `\d` becomes `[0-9]` (identical in Java's regex dialect, which API Gateway uses for
 * integration-response selection patterns, where `\d` is ASCII-only unless
 * UNICODE_CHARACTER_CLASS is set).
 */
export function hclSafeSelectionPattern(pattern: string, field: string): string {
  return hclSafeString(pattern.replace(/\\d/g, '[0-9]'), field);
}

/**
 * A literal string (no tokens) as a value both of cdktf 0.21's renderings read back unchanged.
 * A string without a backslash, a Terraform template sequence or a control character other than
 * a newline is returned as it is (cdktf escapes its quotes in HCL); any other, such as JSON text
 * holding an escaped quote (`{"d":"say \"hi\""}`), becomes `base64decode("<base64>")`, which
 * Terraform evaluates at plan time to the exact bytes. Strings holding tokens are the caller's
 * to pass through {@link hclSafeString}.
 */
export function hclSafeLiteral(value: string): string {
  const unsafe = /\\|\$\{|%\{/.test(value) || /\p{Cc}/u.test(value.replace(/\n/g, ''));
  if (containsToken(value) || !unsafe) return value;
  return Fn.base64decode(Buffer.from(value, 'utf8').toString('base64'));
}
