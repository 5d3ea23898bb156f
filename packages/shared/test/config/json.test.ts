import { CONFIG_TEXT_RULES, loadPlatformConfig, parseConfigJson, textRuleViolation, ValidationError } from '../../src';
import { configRoot } from '../helpers';

function parseError(text: string | Buffer): ValidationError {
  try {
    parseConfigJson(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'platform.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected parseConfigJson to throw');
}

describe('parseConfigJson', () => {
  it('reads strict JSON into objects without a prototype', () => {
    const value = parseConfigJson(Buffer.from('{"a": {"b": [1, "x", true, null]}}'), 'f.json') as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(value))).toEqual({ a: { b: [1, 'x', true, null] } });
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect('toString' in value).toBe(false);
  });

  it('skips a leading byte order mark', () => {
    expect(parseConfigJson(Buffer.from('\uFEFF{"a": 1}', 'utf8'), 'f.json')).toEqual(expect.objectContaining({ a: 1 }));
  });

  it.each([
    [
      'a repeated environment',
      '{"environments": {"dev": {"region": "eu-west-1"},\n "dev": {"region": "us-east-1"}}}',
      'environments.dev',
      'line 2, column 2',
    ],
    ['a repeated tag key', '{"tags": {"Owner": "a", "Owner": "b"}}', 'tags.Owner', 'line 1, column 25'],
    ['a repeated key in an array element', '{"x": [{"k": 1, "k": 1}]}', 'x.0.k', 'more than once'],
  ])('refuses %s: the last one would win silently', (_label, text, field, where) => {
    const err = parseError(text);
    expect(err.field).toBe(field);
    expect(err.message).toContain('[config.duplicateKey]');
    expect(err.message).toContain(where);
  });

  it.each([
    ['an object key', '{"tags": {"__proto__": "x"}}', 'tags.__proto__'],
    ['a nested object', '{"apps": {"log-platform": {"__proto__": {"polluted": true}}}}', 'apps.log-platform.__proto__'],
  ])('refuses __proto__ as %s', (_label, text, field) => {
    const err = parseError(text);
    expect(err.field).toBe(field);
    expect(err.message).toContain('[config.reservedKey]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses bytes that are not UTF-8, naming the field', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"project": "acme", "environments": {"dev": {"tags": {"Owner": "t'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('am"}}}}'),
    ]);
    const err = parseError(bytes);
    expect(err.field).toBe('environments.dev.tags.Owner');
    expect(err.message).toContain('[config.utf8] platform.json is not valid UTF-8 here');
  });

  it('accepts a genuine U+FFFD in a valid UTF-8 file', () => {
    expect(parseConfigJson(Buffer.from('{"d": "\uFFFD"}', 'utf8'), 'f.json')).toEqual(expect.objectContaining({ d: '\uFFFD' }));
  });

  it('refuses text that is not JSON with line and column', () => {
    expect(parseError('{"a": 1,}').message).toMatch(/^platform\.json: \[config\.json\] must be valid JSON .*\(1:9\)/);
    expect(parseError('// comment\n{}').message).toContain('[config.json]');
    expect(parseError('{"a": NaN}').message).toContain('[config.json]');
  });

  it.each([
    ['an interpolation', 'x ${file("/etc/passwd")}', 'config.text.terraformTemplate'],
    ['a directive', '%{ if true }y%{ endif }', 'config.text.terraformTemplate'],
    ['a backslash', 'C:\\temp', 'config.text.backslash'],
    ['NUL', 'a\u0000b', 'config.text.control'],
    ['a newline', 'a\nb', 'config.text.control'],
    ['a tab', 'a\tb', 'config.text.control'],
    ['DEL', 'a\u007fb', 'config.text.control'],
    ['a C1 control', 'a\u0085b', 'config.text.control'],
    ['a right-to-left override', 'admin\u202Etxt.exe', 'config.text.bidi'],
    ['a left-to-right isolate', 'a\u2066b', 'config.text.bidi'],
    ['an Arabic letter mark', 'a\u061Cb', 'config.text.bidi'],
    ['an unpaired surrogate', 'a\uD800b', 'config.text.surrogate'],
  ])('refuses %s in any string, keys included', (_label, text, rule) => {
    expect(textRuleViolation(text)).toMatch(new RegExp(`^\\[${rule.replace(/\./g, '\\.')}\\] `));
    const asValue = parseError(JSON.stringify({ a: { b: text } }));
    expect([asValue.field, asValue.message.includes(`[${rule}]`)]).toEqual(['a.b', true]);
    const asKey = parseError(JSON.stringify({ a: { [text]: 'v' } }));
    expect([asKey.field, asKey.message.includes('(in the key)')]).toEqual([`a.${text}`, true]);
  });

  it.each([
    ['quotes, dollars, percents and braces', 'the "tenant" id: 100% $HOME {x} $ { % {'],
    ['letters of any script', 'Zürich 東京 Ωμέγα'],
    ['emoji', 'logs 📦'],
  ])('keeps %s as they are', (_label, text) => {
    expect(textRuleViolation(text)).toBeUndefined();
    expect(parseConfigJson(Buffer.from(JSON.stringify({ d: text })), 'f.json')).toEqual(expect.objectContaining({ d: text }));
  });

  it('documents one rule per id', () => {
    expect(new Set(CONFIG_TEXT_RULES.map((r) => r.id)).size).toBe(CONFIG_TEXT_RULES.length);
  });

  it('is what loadPlatformConfig reads the file with', () => {
    const root = configRoot('{"project": "acme", "project": "evil", "environments": {"dev": {"region": "eu-west-1"}}}');
    expect(() => loadPlatformConfig({ rootDir: root, env: {} })).toThrow(/^project: \[config\.duplicateKey\]/);
  });
});

describe('parseConfigJson nesting', () => {
  it.each([
    ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), 'platform.json'],
    ['65 nested objects', '{"a":'.repeat(65) + '1' + '}'.repeat(65), Array(65).fill('a').join('.')],
  ])('refuses %s with a rule instead of a stack overflow', (_label, text, field) => {
    try {
      parseConfigJson(Buffer.from(text), 'platform.json');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
      expect((e as Error).message).toContain('[config.depth] objects and arrays must not nest deeper than 64 levels');
    }
  });

  it('accepts 64 levels', () => {
    expect(() => parseConfigJson(Buffer.from('['.repeat(64) + ']'.repeat(64)), 'f.json')).not.toThrow();
  });
});
