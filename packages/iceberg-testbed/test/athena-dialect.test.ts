import { AthenaDialectError, toTrino } from '../src/athena-dialect';
import { SqlLexError, tokenize } from '../src/sql-tokens';
import { literal } from '../src/trino-session';

const options = { tableBucket: 'acme-dev-log-platform-tables', trinoCatalog: 'bucket_1' };
const TABLE = '"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"';

function dialectError(sql: string, parameters: string[] = []): AthenaDialectError {
  try {
    toTrino(sql, parameters, options);
  } catch (e) {
    if (e instanceof AthenaDialectError) return e;
    throw e;
  }
  throw new Error('expected an AthenaDialectError');
}

describe('SQL tokens', () => {
  it.each([
    'SELECT \'it\'\'s\' AS "a""b" -- c ? \n FROM t /* ? */ WHERE x = ?',
    "SELECT U&'\\0041', X'0f', 1.5e3, .5 FROM t",
    '',
  ])('concatenating the tokens gives the input back: %j', (sql) => {
    expect(
      tokenize(sql)
        .map((t) => t.text)
        .join(''),
    ).toBe(sql);
  });

  it('a ? inside a literal, a quoted identifier or a comment is not a parameter', () => {
    const kinds = tokenize(`SELECT '?', "?" -- ?\n/* ? */ FROM t WHERE a = ?`).filter((t) => t.kind === 'parameter');
    expect(kinds).toHaveLength(1);
  });

  it.each(["SELECT 'open", 'SELECT "open', 'SELECT 1 /* open'])('unterminated text is an error: %j', (sql) => {
    expect(() => tokenize(sql)).toThrow(SqlLexError);
  });
});

describe('Athena dialect mapping (rule 1: catalog)', () => {
  it('maps "s3tablescatalog/<bucket>" to the bucket\'s Trino catalog, and nothing inside literals', () => {
    const sql = `SELECT '"s3tablescatalog/acme-dev-log-platform-tables"' AS x FROM ${TABLE} WHERE "level" = ?`;
    expect(toTrino(sql, ["'ERROR'"], options)).toEqual({
      sql: `SELECT '"s3tablescatalog/acme-dev-log-platform-tables"' AS x FROM "bucket_1"."logs"."some_api_logs" WHERE "level" = ?`,
      parameters: ["'ERROR'"],
    });
  });

  it('another table bucket is not in the testbed', () => {
    const e = dialectError('SELECT * FROM "s3tablescatalog/other-bucket"."logs"."t"');
    expect([e.rule, e.message]).toEqual([
      'catalog',
      'catalog "s3tablescatalog/other-bucket" is not in this testbed (it serves the table bucket "acme-dev-log-platform-tables" as "s3tablescatalog/acme-dev-log-platform-tables")',
    ]);
  });
});

describe('Athena dialect mapping (rules 2-4: parameters, statements)', () => {
  it.each([
    ['WHERE "request_id" = ?', 1],
    ['WHERE "timestamp" >= CAST(? AS timestamp) AND "timestamp" < CAST(? AS timestamp)', 2],
    ['WHERE upper("level") = upper(?) AND strpos("message", ?) > 0', 2],
    ['WHERE "request_id" IN (SELECT "request_id" FROM t WHERE "level" = ?)', 1],
  ])('accepts ? in the WHERE clause: %s', (where, n) => {
    const params = Array.from({ length: n }, (_, i) => `'v${i}'`);
    expect(toTrino(`SELECT * FROM ${TABLE} ${where} ORDER BY "timestamp" LIMIT 10`, params, options).parameters).toEqual(params);
  });

  it.each([
    ['SELECT ? FROM t', 'SELECT'],
    ['SELECT * FROM t WHERE a = 1 LIMIT ?', 'LIMIT'],
    ['SELECT * FROM t WHERE a = 1 ORDER BY a OFFSET ?', 'OFFSET'],
    ['SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > ?', 'HAVING'],
    ['SELECT * FROM t JOIN u ON t.a = ?', 'ON'],
  ])('refuses ? outside WHERE, as Athena documents: %s', (sql, clause) => {
    const e = dialectError(sql, ['1']);
    expect(e.rule).toBe('parameter-placement');
    expect(e.message).toMatch(new RegExp(`is in the ${clause} clause; Athena accepts parameters only in the WHERE clause$`));
  });

  it('the parameter count must match the ? markers', () => {
    expect(dialectError('SELECT * FROM t WHERE a = ? AND b = ?', ["'x'"]).message).toBe(
      'the query has 2 "?" parameter(s) but 1 execution parameter(s) were given',
    );
    expect(dialectError('SELECT 1', ["'x'"]).rule).toBe('parameter-count');
  });

  it.each(["'it''s'", "''", '42', '-1.5', '1e3', 'true', 'NULL', ` '  padded' `])('accepts the literal %s', (p) => {
    expect(toTrino('SELECT * FROM t WHERE a = ?', [p], options).parameters).toEqual([p]);
  });

  it.each(["'a', 'b'", "'unterminated", "'x' OR 1=1", "concat('a', 'b')", 'a', "'a''", ''])(
    'refuses %j: not one literal',
    (p) => {
      expect(dialectError('SELECT * FROM t WHERE a = ?', [p]).rule).toBe('parameter-literal');
    },
  );

  it('drops one trailing semicolon; a second statement is an error', () => {
    expect(toTrino('SELECT 1;  -- done\n', [], options).sql).toBe('SELECT 1  -- done\n');
    expect(dialectError('SELECT 1; SELECT 2').rule).toBe('statement');
    expect(dialectError('SELECT 1;;').rule).toBe('statement');
    expect(toTrino("SELECT ';' AS s", [], options).sql).toBe("SELECT ';' AS s");
  });

  it('unterminated literals are a syntax error', () => {
    expect(dialectError("SELECT 'x FROM t").rule).toBe('syntax');
  });
});

describe('literal (typed parameters for plain Trino queries)', () => {
  it.each([
    ["it's", "'it''s'"],
    [42, '42'],
    [1.5, "DOUBLE '1.5'"],
    [12345678901234567890n, '12345678901234567890'],
    [true, 'TRUE'],
    [null, 'NULL'],
    [new Date('2026-01-02T03:04:05.678Z'), "TIMESTAMP '2026-01-02 03:04:05.678'"],
  ] as const)('%p -> %s', (value, text) => {
    expect(literal(value)).toBe(text);
  });

  it('has no literal for NaN or Infinity', () => {
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
