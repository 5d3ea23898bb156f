/**
 * `$util.escapeJavaScript()` as API Gateway implements it.
 *
 * Guide: "Escapes the characters in a string using JavaScript string rules. This function will turn any regular single
 * quotes (') into escaped ones (\'). However, the escaped single quotes are not valid in JSON. Thus, when the output
 * from this function is used in a JSON property, you must turn any escaped single quotes (\') back to regular single
 * quotes (')."
 *
 * "JavaScript string rules" are those of Apache Commons Lang `StringEscapeUtils.escapeJavaScript` (the Java library
 * behind the name): `'` `"` `\` and `/` get a backslash, \b \n \t \f \r their short escapes, other control characters
 * and every UTF-16 code unit above 0x7f a `\uXXXX` escape with upper-case hex. Every escape except `\'` is valid JSON,
 * which is why the guide's `.replaceAll("\\'","'")` is all a template needs to embed the result in a JSON string.
 */
export function escapeJavaScript(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i];
    if (code > 0x7f) {
      out += '\\u' + hex4(code);
    } else if (code < 32) {
      switch (code) {
        case 0x08:
          out += '\\b';
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x09:
          out += '\\t';
          break;
        case 0x0c:
          out += '\\f';
          break;
        case 0x0d:
          out += '\\r';
          break;
        default:
          out += '\\u' + hex4(code);
      }
    } else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') {
      out += '\\' + ch;
    } else {
      out += ch;
    }
  }
  return out;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
