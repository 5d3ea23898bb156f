import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** The parts of a REST API proxy event the handler uses, normalised. */
export interface NormalizedRequest {
  readonly method: string;
  /** Lower-case header names; repeated headers joined with `, ` as HTTP allows. */
  readonly headers: Headers;
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
  const headers = new Headers();
  const multi = event.multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) {
    for (const v of values ?? []) tryHeader(() => headers.append(name, v));
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) tryHeader(() => headers.has(name) || headers.set(name, value));
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

/** A web-standard Response (what the SDK transport returns) as a REST proxy integration result. */
export async function toProxyResult(
  response: Response,
  extraHeaders: Record<string, string> = {},
): Promise<APIGatewayProxyResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = response.body ? await response.text() : '';
  return { statusCode: response.status, headers: { ...headers, ...extraHeaders }, body, isBase64Encoded: false };
}

// Headers() throws on names or values a client can send but the Fetch spec forbids; such a
// header is dropped rather than failing the whole request.
function tryHeader(apply: () => unknown): void {
  try {
    apply();
  } catch {
    // dropped on purpose
  }
}
