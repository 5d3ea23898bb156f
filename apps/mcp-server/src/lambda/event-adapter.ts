import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The parts of a REST API proxy event the handler uses, normalised. */
export interface NormalizedRequest {
  readonly method: string;
  /** Lower-case header names; repeated headers joined with `, ` as HTTP allows. */
  readonly headers: RequestHeaders;
  /** The body as bytes-decoded text (`undefined` when the event has none). */
  readonly body: string | undefined;
  /** Body size in bytes after base64 decoding. */
  readonly bodyBytes: number;
  readonly url: URL;
  readonly requestId: string;
  /** `event.requestContext.authorizer.claims`, untouched; see `authenticate`. */
  readonly claims: unknown;
}

/**
 * Converts an API Gateway REST proxy event (payload format 1.0). `multiValueHeaders` wins over
 * `headers` because API Gateway keeps only the last value of a repeated header in `headers`.
 */
export function normalizeEvent(event: APIGatewayProxyEvent): NormalizedRequest {
  const headers = new RequestHeaders();
  const multi = event.multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) {
    for (const v of values ?? []) headers.append(name, v);
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined && !headers.has(name)) headers.append(name, value);
  }

  let body: string | undefined;
  let bodyBytes = 0;
  if (typeof event.body === 'string') {
    if (event.isBase64Encoded) {
      const buf = Buffer.from(event.body, 'base64');
      body = buf.toString('utf8');
      bodyBytes = buf.length;
    } else {
      body = event.body;
      bodyBytes = Buffer.byteLength(event.body, 'utf8');
    }
  }

  const host = event.requestContext?.domainName || headers.get('host') || 'localhost';
  const path = event.path || '/';
  let url: URL;
  try {
    url = new URL(path, `https://${host}`);
  } catch {
    url = new URL('https://localhost/');
  }

  return {
    method: (event.httpMethod || 'GET').toUpperCase(),
    headers,
    body,
    bodyBytes,
    url,
    requestId: event.requestContext?.requestId || 'unknown',
    claims: event.requestContext?.authorizer?.claims,
  };
}

// RFC 9110 §5.1 token (a header name) and the characters §5.5 excludes from a field value.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Request headers as the Fetch API's `Headers` keeps them (names lower-cased, a repeated header's
 * values joined with `, `, leading and trailing whitespace trimmed), without the Fetch API: Node
 * loads its fetch implementation (undici, ~12 MiB) on the first `Headers` a process builds. A name
 * that is not a token or a value with a character outside field-value (RFC 9110 §5.1, §5.5: CR,
 * LF, NUL and other controls but tab, anything beyond Latin-1) is dropped rather than failing the
 * whole request; these are the checks of Node's `validateHeaderName`/`validateHeaderValue`, not
 * imported because `node:http` costs a cold start ~2 MiB and a few ms.
 */
export class RequestHeaders {
  private readonly values = new Map<string, string>();

  /** Adds `value` to the header `name`; an invalid name or value is dropped. */
  append(name: string, value: string): void {
    const v = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (!TOKEN.test(name) || FORBIDDEN_IN_VALUE.test(v)) return; // dropped on purpose
    const key = name.toLowerCase();
    const previous = this.values.get(key);
    this.values.set(key, previous === undefined ? v : `${previous}, ${v}`);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** The value, or null when absent (as `Headers.get`). */
  get(name: string): string | null {
    return this.values.get(name.toLowerCase()) ?? null;
  }

  /** Every header as a plain object, names sorted as `Headers` iterates them. */
  toObject(): Record<string, string> {
    return Object.fromEntries([...this.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
