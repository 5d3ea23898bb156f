/**
 * Terraform evaluates every string as a template: `${` starts an interpolation and `%{` a
 * directive. cdktf passes strings through as they are (it uses `${` for its own tokens), so text
 * that must reach AWS literally (mapping templates, access log formats, JSON schemas) is escaped
 * with the language's own escapes: "`$${` ... a literal `${`" and "`%%{` ... a literal `%{`".
 */
export function escapeForTerraform(text: string): string {
  // A replacer function, not a replacement string: in a JavaScript replacement string `$$` itself means `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * Terraform's unescaping of a quoted template literal as documented, for tests: scanning left to
 * right, `$${` yields `${`, `%%{` yields `%{`; a bare `${` or `%{` would be an interpolation or
 * directive and is reported as an error, because it means the text was not escaped; any other
 * character is literal.
 */
export function unescapeTerraform(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += text[i] + '{';
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      throw new Error(`unescaped Terraform ${text.slice(i, i + 2)} at offset ${i}`);
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}
