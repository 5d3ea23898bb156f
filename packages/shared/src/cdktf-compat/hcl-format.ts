/**
 * Re-indents the HCL that cdktf renders (it emits every line flush left) with two spaces
 * per nesting level, as `terraform fmt` would, without needing a Terraform binary at synth
 * time, and repairs cdktf's heredocs (see {@link exactHeredoc}). Only leading whitespace
 * outside strings and heredocs changes otherwise; `npm run verify` plans the JSON and the
 * HCL renderings and compares them. The input must be cdktf's raw rendering: heredoc repair is
 * not idempotent.
 */
export function formatHcl(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  const scanner = new HclScanner();
  let heredoc: { end: string; opener: number; body: string[] } | undefined;

  for (const raw of lines) {
    if (heredoc !== undefined) {
      if (raw !== heredoc.end) {
        heredoc.body.push(raw);
        continue;
      }
      const exact = exactHeredoc(heredoc.body);
      if (exact.trimFinalNewline) out[heredoc.opener] = out[heredoc.opener].replace(/<<(-?[A-Za-z_]\w*)$/, 'trimsuffix(<<$1');
      // The closing marker must stand alone on its line, so the call continues on the next one.
      out.push(...exact.body, heredoc.end, ...(exact.trimFinalNewline ? [', "\\n")'] : []));
      heredoc = undefined;
      continue;
    }
    if (scanner.insideString) {
      // A line continuing a multi-line quoted string keeps its bytes.
      out.push(raw);
      scanner.scan(raw);
      continue;
    }
    const line = raw.trim();
    if (line === '') {
      out.push('');
      continue;
    }
    const leadingClosers = /^[}\])]+/.exec(line)?.[0].length ?? 0;
    const depth = Math.max(0, scanner.depth - leadingClosers);
    out.push('  '.repeat(depth) + line);
    scanner.scan(line);
    const opener = /<<(-?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(line);
    if (opener && !scanner.insideString) {
      if (opener[1] === '-') throw new Error('formatHcl: indented heredocs (<<-) are not produced by cdktf and not supported');
      heredoc = { end: opener[2], opener: out.length - 1, body: [] };
    }
  }
  if (heredoc !== undefined) throw new Error(`formatHcl: heredoc ${heredoc.end} is not closed`);
  // Collapse the runs of blank lines cdktf leaves between blocks, and end with one newline.
  return (
    unquoteReplaceTriggeredBy(out)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/\s+$/, '') + '\n'
  );
}

/**
 * `lifecycle.replace_triggered_by` holds references, which HCL writes bare; cdktf's renderer quotes
 * every string (`"aws_s3tables_table.logs.arn"`), which Terraform refuses there. JSON keeps the
 * bare string, which Terraform reads as a reference.
 */
function unquoteReplaceTriggeredBy(lines: string[]): string[] {
  let inside = false;
  return lines.map((line) => {
    const trimmed = line.trim();
    if (trimmed === 'replace_triggered_by = [') {
      inside = true;
      return line;
    }
    if (!inside) return line;
    if (trimmed === ']') {
      inside = false;
      return line;
    }
    return line.replace(/^(\s*)"([a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(?:\.[a-z_][a-z0-9_]*)?)",$/, '$1$2,');
  });
}

type Context = { kind: 'string' } | { kind: 'template'; braces: number };

/** Tracks bracket depth of HCL code, skipping quoted strings and their `${ }` / `%{ }` templates. */
class HclScanner {
  depth = 0;
  private readonly stack: Context[] = [];

  get insideString(): boolean {
    return this.stack.length > 0 && this.stack[this.stack.length - 1].kind === 'string';
  }

  scan(line: string): void {
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      const top = this.stack[this.stack.length - 1];
      if (top?.kind === 'string') {
        if (c === '\\') i++;
        else if (c === '"') this.stack.pop();
        else if ((c === '$' || c === '%') && line[i + 1] === '{' && line[i - 1] !== c) {
          this.stack.push({ kind: 'template', braces: 0 });
          i++;
        }
        continue;
      }
      if (c === '"') this.stack.push({ kind: 'string' });
      else if (top?.kind === 'template') {
        if (c === '{') top.braces++;
        else if (c === '}') {
          if (top.braces === 0) this.stack.pop();
          else top.braces--;
        }
      } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
        return; // comment to end of line
      } else if (c === '{' || c === '[' || c === '(') this.depth++;
      else if (c === '}' || c === ']' || c === ')') this.depth = Math.max(0, this.depth - 1);
    }
  }
}

/**
 * cdktf renders a multi-line string `s` as `<<EOF\n${s}\nEOF`, whose value in Terraform is
 * `s + "\n"`: one newline too many (a mapping template would reach API Gateway changed).
 * When `s` ends with a newline, dropping the last, empty body line restores it exactly;
 * otherwise the heredoc is wrapped in `trimsuffix(..., "\n")`, which removes exactly one.
 */
export function exactHeredoc(body: readonly string[]): { body: string[]; trimFinalNewline: boolean } {
  if (body.length > 0 && body[body.length - 1] === '') return { body: body.slice(0, -1), trimFinalNewline: false };
  return { body: [...body], trimFinalNewline: true };
}
