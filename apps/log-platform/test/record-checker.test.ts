import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LogSchema, parseJsonText } from '@aws-log-mcp/log-contract';
import { checkJsonLines, checkRecord, formatIssue, typeProblem } from '../src/record-checker';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const schema = LogSchema.withExtraColumns();
const summary = (text: string, s = schema) =>
  checkJsonLines(text, s).issues.map((i) => `${i.line}:${i.severity}:${i.code}:${i.field ?? ''}`);

describe('record checker', () => {
  test("the article's two sample records: an ISO timestamp and un-lifted fields are flagged", () => {
    const result = checkJsonLines(fixture('article-samples.jsonl'), schema);
    expect(result.records).toBe(2);
    expect(summary(fixture('article-samples.jsonl'))).toEqual([
      // The application log sent as is: the timestamp is an ISO string and there is no raw log.
      '1:error:type-mismatch:timestamp',
      '1:error:missing-expected:log',
      // The FireLens record of the article: the JSON fields stay inside "log".
      '2:error:not-lifted:timestamp',
      '2:error:not-lifted:level',
      '2:error:not-lifted:message',
      '2:error:not-lifted:request_id',
    ]);
    expect(result.issues[0].message).toContain('epoch microseconds (an integer such as 1766225421000000)');
    expect(result.errors).toBe(6);
  });

  test('records shaped by the Fluent Bit filter pass (a plain-text log is only a warning)', () => {
    const result = checkJsonLines(fixture('shaped.jsonl'), schema);
    expect(result.errors).toBe(0);
    expect(summary(fixture('shaped.jsonl'))).toEqual(['2:warning:log-not-json:log']);
  });

  test('malformed records: non-JSON log, wrong types, missing timestamp, dropped fields, bad lines', () => {
    expect(summary(fixture('malformed.jsonl'))).toEqual([
      '1:warning:log-not-json:log',
      '1:error:missing-expected:timestamp',
      '2:error:type-mismatch:timestamp',
      '2:error:type-mismatch:level',
      '2:error:type-mismatch:request_id',
      '3:error:missing-expected:timestamp',
      '4:error:dropped-field:user_id',
      '4:error:dropped-field:http',
      '5:error:not-json:',
      '6:error:not-object:',
    ]);
    const issues = checkJsonLines(fixture('malformed.jsonl'), schema).issues;
    expect(issues[2].message).toBe(
      '"timestamp" (timestamp): expected epoch microseconds, got 1766225421, which looks like epoch seconds',
    );
    expect(issues[6].message).toContain('Firehose drops it silently');
    expect(formatIssue(issues[6], 'm.jsonl')).toBe(
      'm.jsonl:4: error[dropped-field] "user_id" is not a column of the table; Firehose drops it silently (only top-level keys that match a column are stored)',
    );
  });

  test('extra columns from config become known columns with their own types', () => {
    const withUser = LogSchema.withExtraColumns([
      { name: 'user_id', type: 'string' },
      { name: 'http_status', type: 'int', sourceKey: 'status' },
    ]);
    expect(
      checkRecord({ log: '{"status":"500"}', timestamp: 1766225421000000, user_id: 'u', http_status: '500' }, withUser),
    ).toEqual([
      {
        code: 'type-mismatch',
        severity: 'error',
        field: 'http_status',
        message: '"http_status" (int): expected a 32-bit integer, got string "500"',
      },
    ]);
  });

  test('a key of the app log named like FireLens metadata is reported as a collision', () => {
    const issues = checkRecord({ log: '{"source":"billing"}', timestamp: 1766225421000000 }, schema);
    expect(issues.map((i) => i.code)).toEqual(['metadata-collision']);
  });

  test.each([
    ['string', 'x', undefined],
    ['string', 1, 'expected a JSON string, got number 1'],
    ['boolean', 'true', 'expected true or false, got string "true"'],
    ['double', 1.5, undefined],
    ['int', 2_147_483_648, 'expected a 32-bit integer, got number 2147483648'],
    ['long', 2_147_483_648, undefined],
    ['long', 1.5, 'expected a 64-bit integer, got number 1.5'],
    ['timestamp', 1766225421000, 'expected epoch microseconds, got 1766225421000, which looks like epoch milliseconds'],
    [
      'timestamp',
      1766225421000000000,
      'expected epoch microseconds, got 1766225421000000000, which looks like epoch nanoseconds',
    ],
    ['timestamp', 1766225421000000, undefined],
    ['timestamp', 'yesterday', 'expected epoch microseconds (an integer), got the string "yesterday"'],
    ['long', 9223372036854775807n, undefined],
    ['long', 9223372036854775808n, 'expected a 64-bit integer, got number 9223372036854775808'],
    ['int', '[[[[[[[[[[]]]]]]]]]]', 'expected a 32-bit integer, got array [[[[[[[[[[]]]]]]]]]]'],
  ] as const)('%s accepts or rejects %p', (type, value, problem) => {
    // Exact JSON text: bigints are written with all their digits; a string starting with [ is JSON text.
    const text =
      typeof value === 'bigint'
        ? String(value)
        : typeof value === 'string' && value.startsWith('[')
          ? value
          : JSON.stringify(value);
    expect(typeProblem(type, parseJsonText(text).root, text)).toBe(problem);
  });
});
