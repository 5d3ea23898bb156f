import { Compile, parse } from 'velocityjs';
import { escapeJavaScript } from './commons-escape';
import { evaluateJsonPath, JsonValue } from './jsonpath';
import { JavaList, javaMethodHandlers } from './java';

/**
 * An API Gateway (REST API) mapping-template runtime for tests: the npm velocityjs engine plus our implementation of
 * `$input`, `$util`, `$context` and `$stageVariables` as the API Gateway developer guide ("Variables for data
 * transformations") describes them. Each member quotes the guide; where the guide is silent the comment says what we
 * chose and why, and the templates are written so that they do not depend on that choice.
 */

export interface MethodRequestParams {
  path?: Record<string, string>;
  querystring?: Record<string, string>;
  header?: Record<string, string>;
}

export interface MappingTemplateRequest {
  /** The raw payload: the method request body (request templates) or the integration response body (response templates). */
  body?: string;
  params?: MethodRequestParams;
  stageVariables?: Record<string, string>;
  /** `$context` values; `requestOverride`/`responseOverride` are added and returned. */
  context?: Record<string, unknown>;
}

export interface MappingTemplateResult {
  output: string;
  /** `$context.responseOverride` after rendering: `status` and `header` set by the template. */
  responseOverride: { status?: number | string; header: Record<string, string> };
}

/** Converts parsed JSON into what `$input.path` hands to Velocity: Lists and Maps (JavaList for arrays). */
function toVelocity(value: JsonValue | undefined): unknown {
  if (Array.isArray(value)) return JavaList.from(value.map((item) => toVelocity(item)));
  if (value !== null && typeof value === 'object') {
    const map: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) map[k] = toVelocity(v);
    return map;
  }
  return value === null ? undefined : value;
}

export class InputVariable {
  private parsed?: { value: JsonValue };

  constructor(
    private readonly raw: string,
    private readonly parameters: Required<MethodRequestParams>,
  ) {}

  /**
   * Guide: "$input.body — Returns the raw request payload as a string."
   * Silent on an empty payload; we return it unchanged (our templates never read $input.body).
   */
  get body(): string {
    return this.raw;
  }

  private document(): JsonValue {
    if (!this.parsed) {
      // A payload that is not JSON cannot be evaluated; API Gateway fails the request. Our request validator model
      // rejects such bodies before any template runs, which the corpus tests prove.
      this.parsed = { value: JSON.parse(this.raw) as JsonValue };
    }
    return this.parsed.value;
  }

  /**
   * Guide: "$input.json(x) — This function evaluates a JSONPath expression and returns the results as a JSON string.
   * For example, $input.json('$.pets') returns a JSON string representing the pets structure."
   * The guide is silent on a path that matches nothing. We return the JSON empty string `""`, which keeps
   * `"x": $input.json('$.missing')` valid JSON; this is a modelling choice, not documented AWS behaviour, so the
   * templates never call $input.json and nothing they produce depends on it.
   */
  json(path: string): string {
    const value = evaluateJsonPath(this.document(), path);
    return JSON.stringify(value === undefined ? '' : value);
  }

  /**
   * Guide: "$input.path(x) — Takes a JSONPath expression string (x) and returns a JSON object representation of the
   * result. This allows you to access and manipulate elements of the payload natively in Apache Velocity Template
   * Language (VTL)." A missing path is Java `null`, which Velocity renders as the reference text unless the quiet
   * form `$!` is used — the templates always use `$!` where a value may be absent.
   */
  path(path: string): unknown {
    return toVelocity(evaluateJsonPath(this.document(), path));
  }

  /**
   * Guide: "$input.params() — Returns a map of all the request parameters." and "$input.params(x) — Returns the value
   * of a method request parameter from the path, query string, or header value (searched in that order), given a
   * parameter name string x." A name found nowhere yields the empty string.
   */
  params(name?: string): unknown {
    if (name === undefined) return this.parameters;
    for (const source of [this.parameters.path, this.parameters.querystring, this.parameters.header]) {
      if (Object.prototype.hasOwnProperty.call(source, name)) return source[name];
    }
    return '';
  }
}

function utf8ToBinary(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

/** The `$util` variable. Guide: "Unless otherwise specified, the default character set is UTF-8." */
export const utilVariable = {
  /** See commons-escape.ts for the guide's wording; this is the single-quote-escaping JavaScript escaper. */
  escapeJavaScript(value: unknown): string {
    return escapeJavaScript(value === undefined || value === null ? '' : String(value));
  },
  /**
   * Guide: "$util.parseJson() — Takes "stringified" JSON and returns an object representation of the result. You can
   * use the result from this function to access and manipulate elements of the payload natively in Apache Velocity
   * Template Language (VTL)."
   */
  parseJson(value: string): unknown {
    return toVelocity(JSON.parse(value) as JsonValue);
  },
  /**
   * Guide: "$util.urlEncode() — Converts a string into "application/x-www-form-urlencoded" format." That is
   * java.net.URLEncoder with UTF-8: letters, digits and `.-*_` stay, space becomes `+`, every other byte `%XX`.
   */
  urlEncode(value: string): string {
    let out = '';
    for (const byte of utf8ToBinary(value)) {
      const ch = String.fromCharCode(byte);
      if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
      else if (ch === ' ') out += '+';
      else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  },
  /** Guide: "$util.urlDecode() — Decodes an "application/x-www-form-urlencoded" string." (`+` is a space.) */
  urlDecode(value: string): string {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      if (ch === '+') bytes.push(0x20);
      else if (ch === '%') {
        const hex = value.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`URLDecoder: illegal hex characters in escape pattern ${hex}`);
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...utf8ToBinary(ch));
    }
    return Buffer.from(bytes).toString('utf8');
  },
  /** Guide: "$util.base64Encode() — Encodes the data into a base64-encoded string." */
  base64Encode(value: string): string {
    return utf8ToBinary(value).toString('base64');
  },
  /** Guide: "$util.base64Decode() — Decodes the data from a base64-encoded string." */
  base64Decode(value: string): string {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) throw new Error('Illegal base64 character');
    return Buffer.from(value, 'base64').toString('utf8');
  },
};

/**
 * Parsed templates by text. velocityjs's `render` parses the template on every call (about half of a
 * render's time); the parse tree is only read while rendering (each render gets a new `Compile`, which
 * keeps `#set`, `#define` and `#macro` state of its own), so one tree serves every render of a text.
 */
const parsed = new Map<string, ReturnType<typeof parse>>();
const MAX_PARSED = 256;

function parseOnce(template: string): ReturnType<typeof parse> {
  let asts = parsed.get(template);
  if (!asts) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    asts = parse(template);
    parsed.set(template, asts);
  }
  return asts;
}

/** Renders a request or integration-response mapping template the way API Gateway would. */
export function renderMappingTemplate(template: string, request: MappingTemplateRequest = {}): MappingTemplateResult {
  const params: Required<MethodRequestParams> = {
    path: request.params?.path ?? {},
    querystring: request.params?.querystring ?? {},
    header: request.params?.header ?? {},
  };
  const responseOverride: MappingTemplateResult['responseOverride'] = { header: {} };
  const context = {
    requestId: 'c0ffee00-0000-4000-8000-000000000001',
    stage: 'test',
    ...request.context,
    requestOverride: { header: {}, path: {}, querystring: {} },
    responseOverride,
  };
  const output = new Compile(parseOnce(template), { customMethodHandlers: javaMethodHandlers }).render(
    {
      input: new InputVariable(request.body ?? '', params),
      util: utilVariable,
      context,
      stageVariables: { ...request.stageVariables },
    },
    undefined,
  );
  return { output, responseOverride };
}
