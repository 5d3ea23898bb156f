/**
 * Java semantics for the methods our templates call on values. API Gateway runs Apache Velocity on the JVM, so
 * `$s.replaceAll(a, b)` is `java.lang.String#replaceAll` (a regex, with `$1` and `\x` in the replacement), `split` is a
 * regex split that drops trailing empty strings, `trim` strips characters <= U+0020, and so on. velocityjs would call the
 * JavaScript methods of the same name, which differ (JavaScript's `replaceAll` with a string pattern is literal), so
 * these handlers take precedence over velocityjs' own method dispatch.
 */
type Handler = { uid: string; match: (p: Payload) => boolean; resolve: (p: Payload) => unknown };
interface Payload {
  property: string;
  context: unknown;
  params: unknown[];
}

/** A JSON array as API Gateway's `$input.path` hands it to Velocity: a `java.util.List`. */
export class JavaList<T = unknown> extends Array<T> {
  override toString(): string {
    return '[' + this.map((item) => javaToString(item)).join(', ') + ']';
  }
}

/** `String.valueOf(x)` for the values our emulator produces. */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[' + value.map((item) => javaToString(item)).join(', ') + ']';
  if (typeof value === 'object') {
    return (
      '{' +
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}=${javaToString(v)}`)
        .join(', ') +
      '}'
    );
  }
  return String(value);
}

/**
 * Translates a Java regex to an equivalent JavaScript one, refusing the constructs whose meaning differs between the
 * two engines (`\s` also matches Unicode spaces in JavaScript; an unescaped `.` excludes U+0085 only in Java; inline
 * flags, possessive quantifiers, `\p{..}`, `\A`/`\Z`/`\z` do not exist in JavaScript). Templates must therefore spell
 * out explicit character classes, which is also what a reviewer can read.
 */
export function javaRegex(pattern: string, flags = ''): RegExp {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new Error(`regex ${JSON.stringify(pattern)} ends with a backslash`);
      if ('sSpPAZzhHRXQE'.includes(next)) {
        throw new Error(`regex ${JSON.stringify(pattern)} uses \\${next}, whose meaning differs between Java and JavaScript`);
      }
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      if (ch === '[' || (ch === '&' && pattern[i + 1] === '&'))
        throw new Error(`regex ${JSON.stringify(pattern)} nests classes or uses && (Java-only)`);
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (ch === '.') throw new Error(`regex ${JSON.stringify(pattern)} uses an unescaped '.', whose meaning differs (U+0085)`);
    if (ch === '(' && pattern[i + 1] === '?' && !/^\(\?[:=!]/.test(pattern.slice(i))) {
      throw new Error(`regex ${JSON.stringify(pattern)} uses an inline flag or group construct JavaScript lacks`);
    }
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && pattern[i + 1] === '+') {
      throw new Error(`regex ${JSON.stringify(pattern)} uses a possessive quantifier (Java-only)`);
    }
  }
  return new RegExp(pattern, flags);
}

/** `Matcher#appendReplacement` semantics: `$n` is group n, `\x` is a literal x. */
function javaReplacement(replacement: string, match: string, groups: string[]): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\') {
      i++;
      if (i >= replacement.length) throw new Error('character to be escaped is missing');
      out += replacement[i];
    } else if (ch === '$') {
      const digit = /^\d/.exec(replacement.slice(i + 1));
      if (!digit) throw new Error('Illegal group reference');
      const n = Number(digit[0]);
      if (n > groups.length) throw new Error(`No group ${n}`);
      out += n === 0 ? match : (groups[n - 1] ?? '');
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

function replaceJava(subject: string, regex: string, replacement: string, all: boolean): string {
  return subject.replace(javaRegex(regex, all ? 'g' : ''), (match: string, ...rest: unknown[]) => {
    const groups = rest.slice(0, -2).filter((g) => typeof g === 'string' || g === undefined) as string[];
    return javaReplacement(replacement, match, groups);
  });
}

/** `String#split(regex)`: no match returns the string itself; otherwise trailing empty strings are removed. */
function splitJava(subject: string, regex: string): JavaList<string> {
  const re = javaRegex(regex, 'g');
  if (!re.test(subject)) return JavaList.from([subject]) as JavaList<string>;
  const parts = subject.split(javaRegex(regex));
  // Java 8+: a zero-width match at the start never produces a leading empty string; ours never matches zero-width.
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return JavaList.from(parts) as JavaList<string>;
}

function javaTrim(subject: string): string {
  let start = 0;
  let end = subject.length;
  while (start < end && subject.charCodeAt(start) <= 0x20) start++;
  while (end > start && subject.charCodeAt(end - 1) <= 0x20) end--;
  return subject.slice(start, end);
}

function substringJava(subject: string, begin: unknown, end?: unknown): string {
  const b = Number(begin);
  const e = end === undefined ? subject.length : Number(end);
  if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e > subject.length || b > e) {
    throw new Error(`StringIndexOutOfBoundsException: begin ${b}, end ${e}, length ${subject.length}`);
  }
  return subject.slice(b, e);
}

function stringArg(value: unknown, method: string): string {
  if (typeof value !== 'string') throw new Error(`String#${method} expects a String argument, got ${typeof value}`);
  return value;
}

const STRING_METHODS: Record<string, (s: string, args: unknown[]) => unknown> = {
  length: (s) => s.length,
  isEmpty: (s) => s.length === 0,
  trim: (s) => javaTrim(s),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  equals: (s, [o]) => s === o,
  equalsIgnoreCase: (s, [o]) => typeof o === 'string' && s.toLowerCase() === o.toLowerCase(),
  contains: (s, [o]) => s.includes(stringArg(o, 'contains')),
  startsWith: (s, [o]) => s.startsWith(stringArg(o, 'startsWith')),
  endsWith: (s, [o]) => s.endsWith(stringArg(o, 'endsWith')),
  indexOf: (s, [o]) => s.indexOf(stringArg(o, 'indexOf')),
  lastIndexOf: (s, [o]) => s.lastIndexOf(stringArg(o, 'lastIndexOf')),
  substring: (s, [b, e]) => substringJava(s, b, e),
  matches: (s, [r]) => javaRegex(`^(?:${stringArg(r, 'matches')})$`).test(s),
  replaceAll: (s, [r, x]) => replaceJava(s, stringArg(r, 'replaceAll'), stringArg(x, 'replaceAll'), true),
  replaceFirst: (s, [r, x]) => replaceJava(s, stringArg(r, 'replaceFirst'), stringArg(x, 'replaceFirst'), false),
  replace: (s, [t, x]) => s.split(stringArg(t, 'replace')).join(stringArg(x, 'replace')),
  split: (s, [r]) => splitJava(s, stringArg(r, 'split')),
  toString: (s: string) => s,
};

const NUMBER_METHODS: Record<string, (n: number) => unknown> = {
  intValue: (n) => Math.trunc(n),
  longValue: (n) => Math.trunc(n),
  toString: (n: number) => javaToString(n),
};

const LIST_METHODS: Record<string, (l: unknown[], args: unknown[]) => unknown> = {
  isEmpty: (l) => l.length === 0,
  contains: (l, [o]) => l.includes(o),
  add: (l, [o]) => {
    l.push(o);
    return true; // java.util.List#add returns true, not the new length
  },
};

const MAP_METHODS: Record<string, (m: Record<string, unknown>, args: unknown[]) => unknown> = {
  isEmpty: (m) => Object.keys(m).length === 0,
  size: (m) => Object.keys(m).length,
  containsKey: (m, [k]) => typeof k === 'string' && Object.prototype.hasOwnProperty.call(m, k),
  // java.util.Map#get: null for an absent key (Velocity renders it as "" in a quiet reference).
  get: (m, [k]) => (typeof k === 'string' && Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined),
  // The key set, in insertion order as the LinkedHashMap of parsed JSON and request parameters keeps it.
  keySet: (m) => JavaList.from(Object.keys(m)),
};

function methodTable(context: unknown): Record<string, (target: never, args: unknown[]) => unknown> | undefined {
  if (typeof context === 'string') return STRING_METHODS;
  if (typeof context === 'number') return NUMBER_METHODS;
  if (Array.isArray(context)) return LIST_METHODS;
  if (context !== null && typeof context === 'object' && Object.getPrototypeOf(context) === Object.prototype) return MAP_METHODS;
  return undefined;
}

export const javaMethodHandlers: Handler[] = [
  {
    uid: 'java-semantics',
    match: ({ property, context }) => {
      const table = methodTable(context);
      return table !== undefined && Object.prototype.hasOwnProperty.call(table, property);
    },
    resolve: ({ property, context, params }) => methodTable(context)![property](context as never, params),
  },
  {
    // A method API Gateway's Java objects do not have must not silently fall through to a JavaScript method.
    uid: 'java-unknown-string-method',
    match: ({ context }) => typeof context === 'string' || typeof context === 'number',
    resolve: ({ property, context }) => {
      throw new Error(`method ${property}() is not emulated for ${typeof context} values`);
    },
  },
];
