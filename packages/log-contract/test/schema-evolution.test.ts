import { describeRefusals, isPromotion, planSchemaEvolution, SCHEMA_EVOLUTION_RULES, TableColumn } from '../src/schema-evolution';

const col = (name: string, type: string, required = false): TableColumn => ({ name, type, required });
const BASE = [col('timestamp', 'timestamp'), col('message', 'string'), col('status', 'int'), col('ratio', 'float')];

describe('planSchemaEvolution', () => {
  test('the same columns in another order: nothing to do', () => {
    expect(planSchemaEvolution(BASE, [...BASE].reverse())).toEqual({ changes: [], refusals: [] });
  });

  test('added optional columns and Iceberg promotions are applied in place', () => {
    const plan = planSchemaEvolution(BASE, [
      col('timestamp', 'timestamp'),
      col('message', 'string'),
      col('status', 'long'),
      col('ratio', 'double'),
      col('http_status', 'int'),
    ]);
    expect(plan.refusals).toEqual([]);
    expect(plan.changes).toEqual([
      { kind: 'promote', column: 'status', from: 'int', to: 'long' },
      { kind: 'promote', column: 'ratio', from: 'float', to: 'double' },
      { kind: 'add', column: 'http_status', type: 'int' },
    ]);
  });

  test.each([
    [
      'drop',
      [col('timestamp', 'timestamp'), col('status', 'int'), col('ratio', 'float')],
      SCHEMA_EVOLUTION_RULES.drop,
      'message',
      'keep "message" in extraColumns',
    ],
    [
      'rename',
      [col('timestamp', 'timestamp'), col('msg', 'string'), col('status', 'int'), col('ratio', 'float')],
      SCHEMA_EVOLUTION_RULES.rename,
      'message',
      'keep "message" in extraColumns and add "msg" beside it',
    ],
    [
      'type change',
      [col('timestamp', 'timestamp'), col('message', 'string'), col('status', 'string'), col('ratio', 'float')],
      SCHEMA_EVOLUTION_RULES.typeChange,
      'status',
      'keep "status" as int and add a new column',
    ],
    [
      'optional to required',
      [col('timestamp', 'timestamp', true), col('message', 'string'), col('status', 'int'), col('ratio', 'float')],
      SCHEMA_EVOLUTION_RULES.required,
      'timestamp',
      'keep it optional',
    ],
    [
      'added as required',
      [...BASE, col('tenant', 'string', true)],
      SCHEMA_EVOLUTION_RULES.addRequired,
      'tenant',
      'add it as an optional column',
    ],
  ])('%s is refused with the rule, the column and what to do instead', (_kind, desired, rule, column, instead) => {
    const plan = planSchemaEvolution(BASE, desired);
    expect(plan.changes.filter((c) => c.column === column)).toEqual([]);
    expect(plan.refusals.map((r) => [r.rule, r.column])).toEqual([[rule, column]]);
    expect(describeRefusals(plan.refusals)).toContain(`[${rule}]`);
    expect(describeRefusals(plan.refusals)).toContain(instead);
  });

  test('narrowing (long to int, double to float, a smaller decimal) is refused', () => {
    const deployed = [col('a', 'long'), col('b', 'double'), col('c', 'decimal(12,2)')];
    const plan = planSchemaEvolution(deployed, [col('a', 'int'), col('b', 'float'), col('c', 'decimal(10,2)')]);
    expect(plan.changes).toEqual([]);
    expect(plan.refusals.map((r) => [r.rule, r.column])).toEqual([
      [SCHEMA_EVOLUTION_RULES.narrow, 'a'],
      [SCHEMA_EVOLUTION_RULES.narrow, 'b'],
      [SCHEMA_EVOLUTION_RULES.narrow, 'c'],
    ]);
    expect(plan.refusals[0].reason).toContain('would narrow from long to int');
  });

  test('two columns gone and two new of the same type are two drops, not guessed renames', () => {
    const plan = planSchemaEvolution([col('a', 'string'), col('b', 'string')], [col('c', 'string'), col('d', 'string')]);
    expect(plan.refusals.map((r) => r.rule)).toEqual([SCHEMA_EVOLUTION_RULES.drop, SCHEMA_EVOLUTION_RULES.drop]);
  });

  test('promotions follow the Iceberg spec exactly', () => {
    expect(isPromotion('int', 'long')).toBe(true);
    expect(isPromotion('float', 'double')).toBe(true);
    expect(isPromotion('decimal(10,2)', 'decimal(12,2)')).toBe(true);
    expect(isPromotion('decimal(10,2)', 'decimal(12,3)')).toBe(false);
    expect(isPromotion('int', 'double')).toBe(false);
    expect(isPromotion('long', 'int')).toBe(false);
    expect(isPromotion('string', 'string')).toBe(false);
  });
});
