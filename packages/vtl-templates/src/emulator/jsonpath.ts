/**
 * The JSONPath subset our templates use: `$`, `.name`, `['name']` and `[index]`. API Gateway evaluates full Jayway
 * JSONPath; anything beyond this subset throws here instead of being emulated approximately, so a template cannot
 * start depending on semantics this package has not modelled.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['([^'\\]*)'\]|\[(\d+)\])/;

export function parseJsonPath(path: string): Array<string | number> {
  if (!path.startsWith('$')) throw new Error(`unsupported JSONPath ${JSON.stringify(path)}: must start with $`);
  const segments: Array<string | number> = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) throw new Error(`unsupported JSONPath ${JSON.stringify(path)} at ${JSON.stringify(rest)}`);
    segments.push(match[3] !== undefined ? Number(match[3]) : (match[1] ?? match[2]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** The value at `path`, or `undefined` when any segment is missing (Java `null`). */
export function evaluateJsonPath(document: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const segment of parseJsonPath(path)) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (typeof segment !== 'number') return undefined;
      current = current[segment];
    } else {
      if (typeof segment !== 'string' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}
