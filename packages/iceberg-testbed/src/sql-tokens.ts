/**
 * A lexer for the Trino/Athena SQL the product emits, enough to rewrite and check statements
 * without touching text inside literals or comments: string literals (`'…'`, `''` escapes, also
 * `U&'…'` and `X'…'`), quoted identifiers (`"…"`, `""` escapes), comments (`--` to end of line,
 * `/* … *\/`), the parameter marker `?`, words, numbers and single punctuation characters.
 * Concatenating the `text` of every token gives the input back unchanged.
 */
export type TokenKind = 'space' | 'comment' | 'string' | 'quoted' | 'parameter' | 'word' | 'number' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the token in the input. */
  readonly start: number;
}

/** Unterminated literal, identifier or comment: the statement cannot be parsed. */
export class SqlLexError extends Error {}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  };
  /** End offset of a `quote`-delimited run starting at `from` (the opening quote), doubled quotes escaped. */
  const closing = (from: number, quote: string, what: string) => {
    let j = from + 1;
    for (;;) {
      const k = sql.indexOf(quote, j);
      if (k < 0) throw new SqlLexError(`unterminated ${what} starting at offset ${from}`);
      if (sql[k + 1] === quote) j = k + 2;
      else return k + 1;
    }
  };
  while (i < sql.length) {
    const c = sql[i];
    const rest2 = sql.slice(i, i + 2);
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j])) j++;
      push('space', j);
    } else if (rest2 === '--') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (rest2 === '/*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlLexError(`unterminated comment starting at offset ${i}`);
      push('comment', end + 2);
    } else if (c === "'") {
      push('string', closing(i, "'", 'string literal'));
    } else if (/^[uU]&'/.test(sql.slice(i, i + 3))) {
      push('string', closing(i + 2, "'", 'string literal'));
    } else if (/^[xX]'/.test(rest2)) {
      push('string', closing(i + 1, "'", 'binary literal'));
    } else if (c === '"') {
      push('quoted', closing(i, '"', 'quoted identifier'));
    } else if (c === '?') {
      push('parameter', i + 1);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_@$]*/.exec(sql.slice(i))!;
      push('word', i + m[0].length);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i))!;
      push('number', i + m[0].length);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

/** The value of a quoted identifier token (`"a""b"` -> `a"b`). */
export function unquoteIdentifier(token: Token): string {
  return token.text.slice(1, -1).replace(/""/g, '"');
}

/** `name` as a quoted identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Tokens that carry meaning (no whitespace or comments). */
export const significant = (tokens: readonly Token[]) => tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
