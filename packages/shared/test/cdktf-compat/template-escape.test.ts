import { escapeForTerraform, unescapeTerraform } from '../../src';

describe('escapeForTerraform', () => {
  test.each([
    ['${stageVariables.x}', '$${stageVariables.x}'],
    ['%{ if x }', '%%{ if x }'],
    ['$${already}', '$$${already}'],
    ['%%{already}', '%%%{already}'],
    ['$ {not} % {not} $x %d', '$ {not} % {not} $x %d'],
    ['${${}}%{%{', '$${$${}}%%{%%{'],
    ['$input.json("$")', '$input.json("$")'],
  ])('escapeForTerraform(%j) = %j and round-trips', (input, expected) => {
    expect(escapeForTerraform(input)).toBe(expected);
    expect(unescapeTerraform(expected)).toBe(input);
  });

  test('an unescaped interpolation or directive is reported by the unescaper', () => {
    expect(() => unescapeTerraform('a ${b}')).toThrow(/unescaped Terraform \$\{ at offset 2/);
    expect(() => unescapeTerraform('%{ if }')).toThrow(/unescaped Terraform %\{/);
  });
});
