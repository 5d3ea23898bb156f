import * as fs from 'fs';
import * as path from 'path';
import { escapeForTerraform, unescapeTerraform } from '@aws-log-mcp/shared';
import {
  dcrRequestModelSchema,
  GATEWAY_RESPONSE_TEMPLATES,
  readTemplate,
  REDIRECT_URI_PATTERN,
  STAGE_VARIABLE_VALUE_MAX_LENGTH,
  TEMPLATE_NAMES,
  TEMPLATES_DIR,
  terraformTemplate,
} from '../src';

describe('template files', () => {
  test('every TemplateName has a .vtl file and every .vtl file is a TemplateName', () => {
    const files = fs
      .readdirSync(TEMPLATES_DIR)
      .filter((f) => f.endsWith('.vtl'))
      .map((f) => f.replace(/\.vtl$/, ''))
      .sort();
    expect(files).toEqual([...TEMPLATE_NAMES].sort());
  });

  test('readTemplate returns the file byte for byte', () => {
    for (const name of TEMPLATE_NAMES) {
      expect(Buffer.from(readTemplate(name), 'utf8').equals(fs.readFileSync(path.join(TEMPLATES_DIR, `${name}.vtl`)))).toBe(true);
    }
  });

  test('readTemplate refuses names that are not templates (no path traversal)', () => {
    expect(() => readTemplate('../package' as never)).toThrow(/unknown template/);
  });

  test('templates are ASCII with LF line endings, so their bytes cannot change across editors or platforms', () => {
    for (const name of TEMPLATE_NAMES) {
      const text = readTemplate(name);
      expect(text).toMatch(/^[\x20-\x7e\n]*$/);
      expect(text.endsWith('\n')).toBe(true);
    }
  });

  test('gateway-response templates contain no VTL: no directives, comments or variables other than $context', () => {
    for (const name of GATEWAY_RESPONSE_TEMPLATES) {
      const text = readTemplate(name);
      expect(text).not.toMatch(/#/);
      expect(text.match(/\$[!{]?[A-Za-z]+/g)?.every((ref) => ref === '$context')).toBe(true);
    }
  });

  test('dcr-request.vtl re-checks redirect URIs with exactly the schema pattern', () => {
    expect(readTemplate('dcr-request')).toContain(`$uri.matches('${REDIRECT_URI_PATTERN}')`);
    expect(REDIRECT_URI_PATTERN).not.toMatch(/'/);
  });
});

describe('Terraform escaping', () => {
  test.each(TEMPLATE_NAMES)('%s: Terraform unescaping of terraformTemplate() gives back the .vtl file byte for byte', (name) => {
    const original = fs.readFileSync(path.join(TEMPLATES_DIR, `${name}.vtl`));
    const escaped = terraformTemplate(name);
    expect(escaped).not.toMatch(/(^|[^$])\$\{/);
    expect(escaped).not.toMatch(/(^|[^%])%\{/);
    expect(Buffer.from(unescapeTerraform(escaped), 'utf8').equals(original)).toBe(true);
  });

  test('the templates do use ${ / %{ free text, and escaping is still exercised on real template text', () => {
    // The VTL formal reference syntax ${x} is valid in every template; simulate an edit that adds one.
    const edited = readTemplate('dcr-request').replace('$name', '${name}');
    expect(unescapeTerraform(escapeForTerraform(edited))).toBe(edited);
  });
});

describe("API Gateway's limit of 1000 iterations per #foreach loop", () => {
  test('the model bounds every list a template loops over well below 1000', () => {
    const props = (dcrRequestModelSchema.properties ?? {}) as Record<string, { maxItems?: number; maxLength?: number }>;
    expect(props.redirect_uris.maxItems).toBeLessThanOrEqual(100);
    // "a b c": n tokens need at least 2n - 1 characters.
    expect(Math.ceil((props.scope.maxLength ?? Infinity) / 2)).toBeLessThan(1000);
  });

  test('stage variable lists (scopes, identity providers) are bounded by the 512-character value limit', () => {
    expect(STAGE_VARIABLE_VALUE_MAX_LENGTH).toBe(512);
    expect(Math.ceil(STAGE_VARIABLE_VALUE_MAX_LENGTH / 2)).toBeLessThan(1000);
  });
});
