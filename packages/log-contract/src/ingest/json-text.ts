// A JSON parser that keeps what JSON.parse throws away: each number's text, each value's
// position in the source (so nested values can be rendered as the text the application wrote),
// and no recursion (100,000 nested arrays parse without touching the call stack).

/** Nesting deeper than this is not lifted (the Lua filter's limit; the raw line still lands). */
export const MAX_JSON_DEPTH = 512;

interface Span {
  /** Offsets into the parsed text (UTF-16 code units), `text.slice(start, end)` is the value's JSON text. */
  readonly start: number;
  readonly end: number;
}
export type JsonNode =
  | (Span & { readonly kind: 'object'; readonly entries: ReadonlyMap<string, JsonNode> })
  | (Span & { readonly kind: 'array'; readonly items: readonly JsonNode[] })
  | (Span & { readonly kind: 'string'; readonly value: string })
  | (Span & { readonly kind: 'number'; readonly text: string })
  | (Span & { readonly kind: 'boolean'; readonly value: boolean })
  | (Span & { readonly kind: 'null' });

export interface ParsedJson {
  readonly root: JsonNode;
  /** Deepest nesting of objects and arrays (the root object is 1). */
  readonly depth: number;
}

/** Why `text` is not one JSON value; `offset` is where parsing stopped. */
export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

interface Frame {
  readonly kind: 'object' | 'array';
  readonly start: number;
  readonly entries: Map<string, JsonNode>;
  readonly items: JsonNode[];
  key?: string;
}

/**
 * Parses one JSON value (RFC 8259) from `text`. Duplicate object keys: the last one wins, as in
 * JSON.parse and in Fluent Bit's record maps. Raw control characters inside strings are an
 * error, as in JSON.parse.
 */
export function parseJsonText(text: string): ParsedJson {
  let pos = 0;
  let maxDepth = 0;
  const stack: Frame[] = [];
  const skip = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const fail = (what: string): never => {
    throw new JsonTextError(pos >= text.length ? `unexpected end of input, expected ${what}` : `expected ${what}`, pos);
  };
  const readString = (): string => {
    // pos is at the opening quote
    let out = '';
    let i = pos + 1;
    for (;;) {
      const q = text.indexOf('"', i);
      const b = text.indexOf('\\', i);
      const stop = b !== -1 && b < q ? b : q;
      if (stop === -1) {
        pos = text.length;
        fail('a closing quote');
      }
      const chunk = text.slice(i, stop);
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u001f]/.exec(chunk);
      if (control) {
        pos = i + control.index;
        fail('no raw control character in a string');
      }
      out += chunk;
      if (stop === q) {
        pos = q + 1;
        // A \u escape of a lone surrogate becomes U+FFFD, as it does once the text is UTF-8.
        return out.replace(LONE_SURROGATE, '\uFFFD');
      }
      const e = text[b + 1];
      if (e === 'u') {
        const hex = text.slice(b + 2, b + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          pos = b;
          fail('four hex digits after \\u');
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i = b + 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i = b + 2;
      } else {
        pos = b;
        fail('a valid escape');
      }
    }
  };

  let result: JsonNode | undefined;
  const emit = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) result = node;
    else if (top.kind === 'array') top.items.push(node);
    else {
      top.entries.delete(top.key as string); // the last duplicate keeps its place at the end
      top.entries.set(top.key as string, node);
    }
  };

  skip();
  for (;;) {
    // Expecting a value (or, in a fresh container, its end).
    const top = stack[stack.length - 1];
    if (top?.kind === 'object' && top.key === undefined) {
      if (text[pos] === '}' && top.entries.size === 0) {
        pos += 1;
        stack.pop();
        emit({ kind: 'object', start: top.start, end: pos, entries: top.entries });
      } else {
        if (text[pos] !== '"') fail('a key string');
        top.key = readString();
        skip();
        if (text[pos] !== ':') fail('":"');
        pos += 1;
        skip();
        continue;
      }
    } else if (top?.kind === 'array' && text[pos] === ']' && top.items.length === 0) {
      pos += 1;
      stack.pop();
      emit({ kind: 'array', start: top.start, end: pos, items: top.items });
    } else {
      const start = pos;
      const c = text[pos];
      if (c === '{' || c === '[') {
        stack.push({ kind: c === '{' ? 'object' : 'array', start, entries: new Map(), items: [] });
        maxDepth = Math.max(maxDepth, stack.length);
        pos += 1;
        skip();
        continue;
      }
      if (c === '"') emit({ kind: 'string', start, value: readString(), end: pos });
      else if (text.startsWith('true', pos)) emit({ kind: 'boolean', start, end: (pos += 4), value: true });
      else if (text.startsWith('false', pos)) emit({ kind: 'boolean', start, end: (pos += 5), value: false });
      else if (text.startsWith('null', pos)) emit({ kind: 'null', start, end: (pos += 4) });
      else {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(text);
        if (!m) fail('a value');
        pos += (m as RegExpExecArray)[0].length;
        emit({ kind: 'number', start, end: pos, text: (m as RegExpExecArray)[0] });
      }
    }
    // After a value: close containers or continue with the next member.
    for (;;) {
      skip();
      const open = stack[stack.length - 1];
      if (!open) {
        if (pos !== text.length) fail('the end of input');
        return { root: result as JsonNode, depth: maxDepth };
      }
      const close = open.kind === 'object' ? '}' : ']';
      if (text[pos] === ',') {
        pos += 1;
        open.key = undefined;
        skip();
        break;
      }
      if (text[pos] !== close) fail(`"," or "${close}"`);
      pos += 1;
      stack.pop();
      if (open.kind === 'object') emit({ kind: 'object', start: open.start, end: pos, entries: open.entries });
      else emit({ kind: 'array', start: open.start, end: pos, items: open.items });
    }
  }
}

/**
 * The value at key path `path` of an object: the literal key `path` if present, otherwise, for
 * `a.b`, the value at path `b` of the object under key `a` (split at the first dot).
 */
export function lookupPath(object: JsonNode, path: string): JsonNode | undefined {
  if (object.kind !== 'object') return undefined;
  const direct = object.entries.get(path);
  if (direct !== undefined) return direct;
  const dot = path.indexOf('.');
  if (dot === -1) return undefined;
  const head = object.entries.get(path.slice(0, dot));
  return head === undefined ? undefined : lookupPath(head, path.slice(dot + 1));
}
