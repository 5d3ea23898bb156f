import { parse as parseJsonAst, type ValueNode } from '@humanwhocodes/momoa';
import { ValidationError } from '../errors';
import { textRuleViolation } from './text-rules';

/**
 * Parses the bytes of a JSON configuration file into plain values, refusing what `JSON.parse`
 * would accept silently: bytes that are not UTF-8 (`[config.utf8]`), a key repeated in one
 * object, where the last would win (`[config.duplicateKey]`), the key `__proto__`, which an
 * assignment turns into a prototype change (`[config.reservedKey]`), and text the
 * {@link textRuleViolation} rules refuse, in keys and string values alike.
 *
 * Strict JSON (RFC 8259) as `@humanwhocodes/momoa` reads it: no comments or trailing commas; a
 * leading byte order mark is skipped (RFC 8259 section 8.1 lets a parser ignore it). Objects
 * come back without a prototype, so inherited names such as `toString` are never keys.
 * Errors name the dotted path of the value (`environments.dev.tags.Owner`), or the file with
 * line and column when the text is not JSON at all.
 */
export function parseConfigJson(bytes: Uint8Array, fileName: string): unknown {
  const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  let valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    valid = false;
  }
  let ast: ReturnType<typeof parseJsonAst>;
  try {
    ast = parseJsonAst(lenient, { mode: 'json' });
  } catch (e) {
    // The parser descends recursively: thousands of nested brackets exhaust the stack.
    if (e instanceof RangeError) throw depthError(fileName);
    throw new ValidationError(fileName, `[config.json] must be valid JSON (RFC 8259, no comments): ${(e as Error).message}`);
  }
  // U+FFFD is where the lenient decoder replaced bytes that are not UTF-8; the first key or
  // string holding one names the field (a genuine U+FFFD in an otherwise valid file is fine).
  return toValue(ast.body, [], valid ? undefined : fileName);
}

type Path = (string | number)[];

/** Deepest nesting of objects and arrays accepted; the configuration itself needs six levels. */
export const MAX_CONFIG_DEPTH = 64;

function depthError(field: string): ValidationError {
  return new ValidationError(field, `[config.depth] objects and arrays must not nest deeper than ${MAX_CONFIG_DEPTH} levels`);
}

/** `environments.dev.tags.Owner`; `(root)` for the document itself. */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

function toValue(node: ValueNode, path: Path, invalidUtf8In: string | undefined): unknown {
  if (path.length > MAX_CONFIG_DEPTH) throw depthError(dottedPath(path));
  switch (node.type) {
    case 'Object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        const keyPath = [...path, key];
        checkText(key, keyPath, 'key', invalidUtf8In);
        if (key === '__proto__') {
          throw new ValidationError(
            dottedPath(keyPath),
            '[config.reservedKey] "__proto__" is not allowed as a key (JavaScript would drop it or change the object\'s prototype)',
          );
        }
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          const { line, column } = member.name.loc.start;
          throw new ValidationError(
            dottedPath(keyPath),
            `[config.duplicateKey] the key appears more than once in the same object (again at line ${line}, column ${column}); JSON parsers keep only the last one`,
          );
        }
        out[key] = toValue(member.value, keyPath, invalidUtf8In);
      }
      return out;
    }
    case 'Array':
      return node.elements.map((element, i) => toValue(element.value, [...path, i], invalidUtf8In));
    case 'String':
      checkText(node.value, path, 'value', invalidUtf8In);
      return node.value;
    case 'Number':
    case 'Boolean':
      return node.value;
    case 'Null':
      return null;
    default:
      // JSON mode yields none of JSON5's identifiers, NaN or Infinity.
      throw new ValidationError(dottedPath(path), `[config.json] unexpected ${node.type} in JSON`);
  }
}

function checkText(text: string, path: Path, what: 'key' | 'value', invalidUtf8In: string | undefined): void {
  if (invalidUtf8In !== undefined && text.includes('\uFFFD')) {
    throw new ValidationError(
      dottedPath(path),
      `[config.utf8] ${invalidUtf8In} is not valid UTF-8 here: the ${what} holds bytes that do not decode (shown as U+FFFD)`,
    );
  }
  const violation = textRuleViolation(text);
  if (violation) throw new ValidationError(dottedPath(path), `${violation}${what === 'key' ? ' (in the key)' : ''}`, text);
}
