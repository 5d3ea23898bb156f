import { quoteIdentifier, significant, SqlLexError, Token, tokenize, unquoteIdentifier } from './sql-tokens';

/**
 * The one place where Athena (engine version 3) and the testbed's Trino differ for the product's
 * SQL. Everything else is sent to Trino unchanged. Each rule names its source; the package README
 * lists them with what remains unproven.
 *
 * | # | Athena | here | source |
 * | --- | --- | --- | --- |
 * | 1 | an S3 table bucket is the catalog `"s3tablescatalog/<bucket>"` | that identifier is replaced by the testbed's Trino catalog; another bucket is an error | Athena: "Query Amazon S3 tables with Athena" (S3 Tables user guide) |
 * | 2 | `ExecutionParameters` are positional values for `?`, each written as a SQL literal (strings in single quotes) | prepared statement + `EXECUTE … USING <the same literals>`; a parameter that is not exactly one literal, or a count mismatch, is an error | Athena: "Use parameterized queries" |
 * | 3 | `?` may only stand in the `WHERE` clause ("Syntax like SELECT ? FROM table is not supported") | a `?` outside a WHERE clause (e.g. `LIMIT ?`) is an error, although Trino itself would accept it | Athena: "Use parameterized queries", considerations and limitations |
 * | 4 | one statement per query execution; a trailing `;` is accepted | one trailing `;` is dropped (Trino's HTTP API rejects it); a second statement is an error | Athena API StartQueryExecution (QueryString is one statement) |
 * | 5 | the session time zone is UTC | every request sets `X-Trino-Time-Zone: UTC` | Athena engine version 3: timestamps are UTC |
 * | 6 | `timestamp` columns of Iceberg tables are `timestamp(6)` (microseconds) | the client declares `PARAMETRIC_DATETIME`, without which Trino rounds results to milliseconds | Trino client protocol |
 */
export class AthenaDialectError extends Error {
  constructor(
    readonly rule: 'catalog' | 'parameter-literal' | 'parameter-count' | 'parameter-placement' | 'statement' | 'syntax',
    message: string,
  ) {
    super(message);
    this.name = 'AthenaDialectError';
  }
}

export interface AthenaDialectOptions {
  /** The S3 table bucket whose catalog `"s3tablescatalog/<bucket>"` maps to `trinoCatalog`. */
  readonly tableBucket: string;
  /** The Trino catalog holding the bucket's namespaces as schemas. */
  readonly trinoCatalog: string;
}

/** A statement ready for Trino: SQL with `?` markers, and the parameter literals for `EXECUTE … USING`. */
export interface TrinoStatement {
  readonly sql: string;
  readonly parameters: readonly string[];
}

const S3_TABLES_CATALOG = /^s3tablescatalog\/(.+)$/;
/** A string literal (quotes doubled inside), a signed decimal number, or a boolean/NULL keyword. */
const LITERAL = /^(?:'(?:[^']|'')*'|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|true|false|null)$/is;
/** Keywords that start a clause; the nearest one before a `?` (at its nesting level or outside) is its clause. */
const CLAUSES = new Set([
  'select',
  'from',
  'where',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'fetch',
  'window',
  'values',
  'set',
  'on',
  'using',
  'join',
  'union',
  'intersect',
  'except',
  'with',
  'into',
]);

/**
 * Maps a query as the product sends it to Athena (`QueryString` + `ExecutionParameters`) to what
 * Trino runs, applying the rules above; throws {@link AthenaDialectError} naming the rule.
 */
export function toTrino(
  queryString: string,
  executionParameters: readonly string[],
  options: AthenaDialectOptions,
): TrinoStatement {
  let tokens: Token[];
  try {
    tokens = tokenize(queryString);
  } catch (error) {
    if (error instanceof SqlLexError) throw new AthenaDialectError('syntax', error.message);
    throw error;
  }
  tokens = dropTrailingSemicolon(tokens);
  const out: string[] = [];
  for (const token of tokens) {
    const name = token.kind === 'quoted' ? unquoteIdentifier(token) : undefined;
    out.push(name !== undefined && S3_TABLES_CATALOG.test(name) ? quoteIdentifier(mapCatalog(name, options)) : token.text);
  }
  checkParameters(tokens, executionParameters);
  return { sql: out.join(''), parameters: [...executionParameters] };
}

/** Rule 1: `s3tablescatalog/<bucket>` -> the bucket's Trino catalog; another bucket is an error. */
export function mapCatalog(athenaCatalog: string, options: AthenaDialectOptions): string {
  const m = S3_TABLES_CATALOG.exec(athenaCatalog);
  if (!m || m[1] !== options.tableBucket) {
    throw new AthenaDialectError(
      'catalog',
      `catalog "${athenaCatalog}" is not in this testbed (it serves the table bucket "${options.tableBucket}" as "s3tablescatalog/${options.tableBucket}")`,
    );
  }
  return options.trinoCatalog;
}

function dropTrailingSemicolon(tokens: Token[]): Token[] {
  const meaningful = significant(tokens);
  const semicolons = meaningful.filter((t) => t.kind === 'punct' && t.text === ';');
  if (semicolons.length === 0) return tokens;
  const last = meaningful[meaningful.length - 1];
  if (semicolons.length > 1 || last.text !== ';') {
    throw new AthenaDialectError('statement', 'a query execution runs exactly one statement (a ";" may only end it)');
  }
  return tokens.filter((t) => t !== last);
}

function checkParameters(tokens: readonly Token[], parameters: readonly string[]): void {
  const markers = significant(tokens).filter((t) => t.kind === 'parameter');
  if (markers.length !== parameters.length) {
    throw new AthenaDialectError(
      'parameter-count',
      `the query has ${markers.length} "?" parameter(s) but ${parameters.length} execution parameter(s) were given`,
    );
  }
  parameters.forEach((p, i) => {
    if (!LITERAL.test(p.trim())) {
      throw new AthenaDialectError(
        'parameter-literal',
        `execution parameter ${i + 1} is not one SQL literal (strings in single quotes with ' doubled, or a number): ${truncate(p)}`,
      );
    }
  });
  for (const marker of markers) {
    const clause = clauseOf(tokens, marker);
    if (clause !== 'where') {
      throw new AthenaDialectError(
        'parameter-placement',
        `"?" at offset ${marker.start} is in the ${clause ? clause.toUpperCase() : 'statement head'} clause; Athena accepts parameters only in the WHERE clause`,
      );
    }
  }
}

/** The clause keyword governing `target`: the nearest clause keyword before it at its nesting depth or an enclosing one. */
function clauseOf(tokens: readonly Token[], target: Token): string | undefined {
  // clauses[d] = last clause keyword seen at parenthesis depth d.
  const clauses: (string | undefined)[] = [undefined];
  for (const t of significant(tokens)) {
    if (t === target) {
      for (let d = clauses.length - 1; d >= 0; d--) if (clauses[d]) return clauses[d];
      return undefined;
    }
    if (t.kind === 'punct' && t.text === '(') clauses.push(undefined);
    else if (t.kind === 'punct' && t.text === ')') clauses.pop();
    else if (t.kind === 'word' && CLAUSES.has(t.text.toLowerCase())) clauses[clauses.length - 1] = t.text.toLowerCase();
  }
  return undefined;
}

const truncate = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
