import { formatHcl } from '../../src';

describe('formatHcl', () => {
  it('indents nested blocks, objects and lists two spaces per level', () => {
    const input = [
      'resource "aws_s3_bucket" "b" {',
      'bucket = "x"',
      'tags = {',
      'A = "1"',
      '}',
      'list = [',
      '"a",',
      ']',
      '}',
      '',
    ].join('\n');
    expect(formatHcl(input)).toBe(
      [
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "x"',
        '  tags = {',
        '    A = "1"',
        '  }',
        '  list = [',
        '    "a",',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('ignores brackets inside strings and template interpolations', () => {
    const input = ['locals {', 'a = "{[(not code"', 'b = "${jsonencode({"k" = "}"})}"', 'c = "$${literal"', '}'].join('\n');
    expect(formatHcl(input)).toBe(
      ['locals {', '  a = "{[(not code"', '  b = "${jsonencode({"k" = "}"})}"', '  c = "$${literal"', '}', ''].join('\n'),
    );
  });

  it('leaves heredoc bodies byte for byte and trims the newline cdktf adds to a string without one', () => {
    const input = ['resource "x" "y" {', 'template = <<EOF', '  {', '"a": "}"', 'EOF', 'n = 1', '}'].join('\n');
    expect(formatHcl(input)).toBe(
      ['resource "x" "y" {', '  template = trimsuffix(<<EOF', '  {', '"a": "}"', 'EOF', ', "\\n")', '  n = 1', '}', ''].join(
        '\n',
      ),
    );
  });

  it('drops the extra empty line cdktf adds to a heredoc whose string ends with a newline', () => {
    // cdktf renders "a\n\n" as <<EOF / a / (empty) / (empty) / EOF, which Terraform reads as "a\n\n\n".
    const input = ['x = <<EOF', 'a', '', '', 'EOF', ''].join('\n');
    expect(formatHcl(input)).toBe(['x = <<EOF', 'a', '', 'EOF', ''].join('\n'));
  });

  it('refuses an unterminated heredoc rather than guessing', () => {
    expect(() => formatHcl('x = <<EOF\na\n')).toThrow('heredoc EOF is not closed');
  });

  it('handles escaped quotes and collapses blank-line runs', () => {
    const input = ['a {', 'v = "say \\"{\\""', '}', '', '', '', 'b {', '}'].join('\n');
    expect(formatHcl(input)).toBe(['a {', '  v = "say \\"{\\""', '}', '', 'b {', '}', ''].join('\n'));
  });

  it('writes replace_triggered_by entries as the bare references Terraform requires there', () => {
    const raw =
      'resource "null_resource" "g" {\nlifecycle {\nreplace_triggered_by = [\n"aws_s3tables_table.logs.arn",\n]\nignore_changes = [\n"metadata",\n]\n}\n}\n';
    expect(formatHcl(raw)).toBe(
      'resource "null_resource" "g" {\n  lifecycle {\n    replace_triggered_by = [\n      aws_s3tables_table.logs.arn,\n    ]\n    ignore_changes = [\n      "metadata",\n    ]\n  }\n}\n',
    );
  });

  it('re-indenting is idempotent', () => {
    const input = 'terraform {\nrequired_providers {\naws = {\nversion = "6.25.0"\n}\n}\n}\n';
    expect(formatHcl(formatHcl(input))).toBe(formatHcl(input));
  });
});
