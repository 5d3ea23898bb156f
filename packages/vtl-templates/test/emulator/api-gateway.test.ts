import {
  escapeJavaScript,
  renderGatewayResponse,
  renderMappingTemplate,
  utilVariable,
  gatewayErrorContext,
} from '../../src/emulator';

const run = (template: string, body = '{}', extra: Parameters<typeof renderMappingTemplate>[1] = {}) =>
  renderMappingTemplate(template, { body, ...extra }).output;

describe('$input (guide: "Variables for data transformations")', () => {
  const body = JSON.stringify({ pets: [{ id: 1, type: 'dog', price: 249.99 }, { id: 2 }, { id: 3 }], name: "it's", n: null });

  test('$input.json(x) "returns the results as a JSON string"', () => {
    expect(run("$input.json('$.pets[0]')", body)).toBe('{"id":1,"type":"dog","price":249.99}');
    expect(run("$input.json('$.name')", body)).toBe('"it\'s"');
    expect(run("$input.json('$')", '{"a":[1,2]}')).toBe('{"a":[1,2]}');
  });

  test('$input.json on a path that matches nothing yields the JSON empty string "", so the output stays JSON', () => {
    expect(run("$input.json('$.missing')", body)).toBe('""');
    expect(JSON.parse(run('{"x": $input.json(\'$.missing.deeper\')}', body))).toEqual({ x: '' });
  });

  test('$input.path(x) returns a native value: "$input.path(\'$.pets\').size()" counts the array', () => {
    expect(run("$input.path('$.pets').size()", body)).toBe('3');
    expect(run("$input.path('$.pets')[0].type", body)).toBe('dog');
    expect(run("#foreach($p in $input.path('$.pets'))$p.id;#end", body)).toBe('1;2;3;');
  });

  test('$input.path of a missing value is null: rendered as the reference text unless the quiet $! form is used', () => {
    expect(run("[$input.path('$.missing')]", body)).toBe("[$input.path('$.missing')]");
    expect(run("[$!input.path('$.missing')]", body)).toBe('[]');
    expect(run("[$!input.path('$.n')]", body)).toBe('[]');
  });

  test('a JSON array seen through string interpolation is a java.util.List ("[a, b]")', () => {
    expect(run('#set($s = "$!input.path(\'$.a\')")$s', '{"a":["x","y"]}')).toBe('[x, y]');
  });

  test('$input.params(x) searches path, query string, then header; $input.params() returns all', () => {
    const params = { path: { id: 'p' }, querystring: { id: 'q', only: 'qs' }, header: { id: 'h', 'User-Agent': 'ua' } };
    expect(run("$input.params('id')", '{}', { params })).toBe('p');
    expect(run("$input.params('only')", '{}', { params })).toBe('qs');
    expect(run("$input.params('User-Agent')", '{}', { params })).toBe('ua');
    expect(run("[$input.params('nope')]", '{}', { params })).toBe('[]');
    expect(run('#foreach($t in $input.params().keySet())$t #end', '{}', { params })).toBe('path querystring header ');
  });

  test('$input.body "Returns the raw request payload as a string"', () => {
    expect(run('$input.body', '{"a": "b"}')).toBe('{"a": "b"}');
  });

  test('JSONPath beyond the modelled subset is refused rather than approximated', () => {
    expect(() => run("$input.json('$..id')", body)).toThrow(/unsupported JSONPath/);
    expect(() => run("$input.json('$.pets[*]')", body)).toThrow(/unsupported JSONPath/);
  });
});

describe('$util', () => {
  test('escapeJavaScript turns single quotes into \\\' which is not valid JSON; the guide\'s replaceAll("\\\\\'","\'") repairs it', () => {
    expect(escapeJavaScript("it's")).toBe("it\\'s");
    expect(() => JSON.parse(`"${escapeJavaScript("it's")}"`)).toThrow();
    const template = '{"v": "$util.escapeJavaScript($input.path(\'$.v\')).replaceAll("\\\\\'","\'")"}';
    for (const v of ["it's", "\\'", "\\\\'", '\'"\\/', 'a\nb\tc\r\u0000\u001f\u007f', 'é😀\u2028', "''''"]) {
      expect(JSON.parse(run(template, JSON.stringify({ v })))).toEqual({ v });
    }
  });

  test('escapeJavaScript follows Commons Lang: \\/ for slash, short escapes, \\u00XX for other controls, \\uXXXX above 0x7f', () => {
    expect(escapeJavaScript('a/b"c\\d')).toBe('a\\/b\\"c\\\\d');
    expect(escapeJavaScript('\b\n\t\f\r')).toBe('\\b\\n\\t\\f\\r');
    expect(escapeJavaScript('\u0000\u001f\u007f')).toBe('\\u0000\\u001F\u007f');
    expect(escapeJavaScript('é\u2028😀')).toBe('\\u00E9\\u2028\\uD83D\\uDE00');
  });

  test('parseJson: the guide\'s example "$errorMessageObj.key2.arr[0]" yields 1', () => {
    const template =
      '#set ($errorMessageObj = $util.parseJson($input.path(\'$.errorMessage\')))\n{\n   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n}\n';
    const out = run(template, '{"errorMessage":"{\\"key1\\":\\"var1\\",\\"key2\\":{\\"arr\\":[1,2,3]}}"}');
    expect(JSON.parse(out)).toEqual({ errorMessageObjKey2ArrVal: 1 });
  });

  test('urlEncode/urlDecode use application/x-www-form-urlencoded (space is +, UTF-8 bytes)', () => {
    expect(utilVariable.urlEncode('x=a+b c/é*~')).toBe('x%3Da%2Bb+c%2F%C3%A9*%7E');
    expect(utilVariable.urlDecode('x%3Da%2Bb+c%2F%C3%A9')).toBe('x=a+b c/é');
    expect(run("$util.urlEncode($input.path('$.v'))", '{"v":"a b&c"}')).toBe('a+b%26c');
  });

  test('base64Encode/base64Decode round-trip UTF-8 text', () => {
    expect(utilVariable.base64Encode('héllo')).toBe('aMOpbGxv');
    expect(utilVariable.base64Decode('aMOpbGxv')).toBe('héllo');
    expect(() => utilVariable.base64Decode('a$b=')).toThrow();
  });
});

describe('$stageVariables and $context', () => {
  test("the guide's three stage variable syntaxes: $stageVariables.x, $stageVariables['x'], ${stageVariables['x']}", () => {
    const extra = { stageVariables: { issuer: 'https://mcp.example.com' } };
    expect(run("$stageVariables.issuer|$stageVariables['issuer']|${stageVariables['issuer']}", '{}', extra)).toBe(
      'https://mcp.example.com|https://mcp.example.com|https://mcp.example.com',
    );
  });

  test('$context variables are read from the request context', () => {
    expect(run('$context.requestId/$context.stage', '{}', { context: { requestId: 'r-1', stage: 'prod' } })).toBe('r-1/prod');
  });
});

describe('Java semantics of methods called from VTL', () => {
  test('String#replaceAll is a regex replace with $n groups, not a literal one', () => {
    expect(run("#set($s = 'a1b22')$s.replaceAll('[0-9]+', '#')")).toBe('a#b#');
    expect(run("#set($s = 'ab')$s.replaceAll('(a)(b)', '$2$1')")).toBe('ba');
  });

  test('String#split drops trailing empty strings and returns the whole string when nothing matches', () => {
    expect(run("#set($s = 'a,b,,')$s.split(',').size()")).toBe('2');
    expect(run("#set($s = '')$s.split(',').size()")).toBe('1');
    expect(run("#set($s = ',a')$s.split(',').size()")).toBe('2');
  });

  test('String#trim strips every character <= U+0020 (not Unicode spaces); substring out of range throws', () => {
    expect(run('#set($s = "$input.path(\'$.v\')")[$s.trim()]', JSON.stringify({ v: '\u0001 a \u00a0' }))).toBe('[a \u00a0]');
    expect(() => run("#set($s = 'abc')$s.substring(0, 4)")).toThrow(/StringIndexOutOfBounds/);
  });

  test('regexes whose meaning differs between Java and JavaScript are refused', () => {
    expect(() => run("#set($s = 'a b')$s.replaceAll('\\s', '')")).toThrow(/differs/);
    expect(() => run("#set($s = 'ab')$s.matches('a.')")).toThrow(/differs/);
    expect(() => run("#set($s = 'ab')$s.matches('(?i)AB')")).toThrow(/inline flag/);
    expect(() => run("#set($s = 'ab')$s.matches('a++b')")).toThrow(/possessive/);
  });

  test('List#add returns true and numbers have longValue()', () => {
    expect(run('#set($l = [])$l.add(1)$l.size()')).toBe('true1');
    expect(run("$input.path('$.t').longValue()", '{"t": 1764167000.412}')).toBe('1764167000');
  });

  test('$context.responseOverride.status set by a template is returned', () => {
    const result = renderMappingTemplate('#set($context.responseOverride.status = 429)ok', { body: '{}' });
    expect(result.output).toBe('ok');
    expect(result.responseOverride.status).toBe(429);
  });
});

describe('gateway responses: $context substitution only', () => {
  test('substitutes $context variables', () => {
    expect(
      renderGatewayResponse(
        '{"m":$context.error.messageString,"id":"$context.requestId"}',
        gatewayErrorContext('Unauthorized', { requestId: 'r1' }),
      ),
    ).toBe('{"m":"Unauthorized","id":"r1"}');
  });

  test('refuses VTL directives and non-$context variables', () => {
    expect(() => renderGatewayResponse('#if(true)x#end', {})).toThrow(/cannot use VTL/);
    expect(() => renderGatewayResponse('$input.body', {})).toThrow(/only substitute \$context/);
    expect(() => renderGatewayResponse('$util.escapeJavaScript("x")', {})).toThrow(/only substitute \$context/);
    expect(() => renderGatewayResponse('$context.nope', {})).toThrow(/not set/);
  });
});
