import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { errorRulesTable, GRANT_ERROR_RULES, REVOKE_ERROR_RULES } from '../../src';

describe('the README documents the error classification the steps use', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it.each([
    ['grant', errorRulesTable(GRANT_ERROR_RULES, false)],
    ['revoke', errorRulesTable(REVOKE_ERROR_RULES, false)],
    ['transient', errorRulesTable([], true)],
  ])('the %s table is the one the code builds', (_label, table) => {
    expect(readme).toContain(table);
  });
});
