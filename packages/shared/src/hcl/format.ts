/**
 * Re-indents the HCL that cdktf renders (it emits every line flush left) with two spaces
 * per nesting level, as `terraform fmt` would, without needing a Terraform binary at synth
 * time. Only leading whitespace outside strings and heredocs changes, so the meaning of the
 * configuration cannot change; `npm run verify` plans the JSON and the HCL renderings and
 * compares them.
 */
export function formatHcl(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  const scanner = new HclScanner();
  let heredocEnd: string | undefined;

  for (const raw of lines) {
    if (heredocEnd !== undefined) {
      out.push(raw);
      if (raw.trim() === heredocEnd) heredocEnd = undefined;
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
    const heredoc = /<<-?([A-Za-z_][A-Za-z0-9_]*)$/.exec(line);
    if (heredoc && !scanner.insideString) heredocEnd = heredoc[1];
  }
  // Collapse the runs of blank lines cdktf leaves between blocks, and end with one newline.
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/\s+$/, '') + '\n'
  );
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
