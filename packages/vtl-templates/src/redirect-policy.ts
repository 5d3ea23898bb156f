import { ValidationError } from '@aws-log-mcp/shared/core';

/**
 * Which redirect URIs Dynamic Client Registration (RFC 7591) accepts. dcr-request.vtl keeps the acceptable subset of a
 * registration's `redirect_uris` (RFC 7591 §3.2.1 lets the server replace requested metadata; the response lists what
 * was registered); a registration with no acceptable URI is refused with `invalid_redirect_uri`, and the request
 * Cognito then receives carries no URI at all (see dcr-request.vtl), so a refused URI never becomes an app client.
 *
 * Three forms exist (RFC 8252 for native apps, RFC 6749 §3.1.2 for the rest):
 * - `https` on a host of {@link RedirectPolicy.httpsHosts} (or any host when `openHttps`);
 * - `http` on a loopback host of {@link RedirectPolicy.loopbackHosts} (RFC 8252 §7.3), any port;
 * - a private-use URI scheme (RFC 8252 §7.1): one of {@link RedirectPolicy.privateUseSchemes}, or, with
 *   `reverseDnsSchemes`, any reverse-domain scheme (`com.example.app:/cb`). Only for clients that are not
 *   `application_type: "web"` (OpenID Connect Dynamic Client Registration §2: custom schemes are a native-app form).
 */
export interface RedirectPolicy {
  /** Lower-case host names whose `https` redirect URIs are accepted (exact match, any port). Ignored when `openHttps`. */
  readonly httpsHosts: readonly string[];
  /** Accept `https` redirect URIs on any host. Risky: any registered client can receive codes anywhere. */
  readonly openHttps: boolean;
  /** Loopback hosts whose `http` redirect URIs are accepted: a subset of `localhost`, `127.0.0.1`, `[::1]`. */
  readonly loopbackHosts: readonly LoopbackHost[];
  /** Private-use URI schemes accepted for native clients, lower case (`cursor`, `vscode`). */
  readonly privateUseSchemes: readonly string[];
  /** Also accept reverse-domain schemes (a scheme with a dot, RFC 8252 §7.1) for native clients. */
  readonly reverseDnsSchemes: boolean;
}

export type LoopbackHost = 'localhost' | '127.0.0.1' | '[::1]';
export const LOOPBACK_HOSTS: readonly LoopbackHost[] = ['localhost', '127.0.0.1', '[::1]'];
/**
 * The loopback hosts accepted by default. Cognito documents `http://localhost` as the one http callback it accepts;
 * `127.0.0.1` is what VS Code, Codex, Goose and Cline use and is accepted in practice (to confirm on a first
 * deployment). `[::1]` is opt-in: no well-known client uses it, and a URI Cognito refuses would refuse the whole
 * registration rather than just that URI.
 */
export const DEFAULT_LOOPBACK_HOSTS: readonly LoopbackHost[] = ['localhost', '127.0.0.1'];

/**
 * The callback hosts of well-known MCP clients, each from the client's own documentation or source:
 * - `claude.ai`, `claude.com`: Claude (web, Desktop, mobile) registers `https://claude.ai/api/mcp/auth_callback`
 *   (Anthropic's connector authentication docs).
 * - `chatgpt.com`: ChatGPT connectors return to `https://chatgpt.com/connector/oauth/{callback_id}` (and the legacy
 *   `https://chatgpt.com/connector_platform_oauth_redirect`) (OpenAI Apps SDK authentication docs).
 * - `vscode.dev`, `insiders.vscode.dev`: VS Code registers `https://vscode.dev/redirect` and
 *   `https://insiders.vscode.dev/redirect` for its URL-handler sign-in (`fetchDynamicRegistration` in VS Code).
 * - `www.cursor.com`: Cursor (web and Agents) returns to `https://www.cursor.com/agents/mcp/oauth/callback` (Cursor
 *   MCP docs).
 * - `oauth2.slack.com`: the Slackbot MCP client returns to `https://oauth2.slack.com/external/auth/callback` (Slack
 *   docs and its client metadata document).
 * Self-hosted clients (Open WebUI, n8n, LibreChat) call back to their own host: add it in configuration.
 */
export const DEFAULT_HTTPS_REDIRECT_HOSTS: readonly string[] = [
  'claude.ai',
  'claude.com',
  'chatgpt.com',
  'vscode.dev',
  'insiders.vscode.dev',
  'www.cursor.com',
  'oauth2.slack.com',
];

/**
 * Private-use schemes of well-known native MCP clients: `cursor` (Cursor registers
 * `cursor://anysphere.cursor-mcp/oauth/callback`), `vscode` and `vscode-insiders` (VS Code extensions receive
 * `vscode://<publisher>.<extension>/...` callbacks).
 */
export const DEFAULT_PRIVATE_USE_SCHEMES: readonly string[] = ['cursor', 'vscode', 'vscode-insiders'];

/** Schemes that are never private-use redirect targets: they run code, read files or hand off to another app. */
export const FORBIDDEN_REDIRECT_SCHEMES: readonly string[] = [
  'http',
  'https',
  'javascript',
  'data',
  'file',
  'vbscript',
  'blob',
  'about',
  'ftp',
  'ws',
  'wss',
  'mailto',
  'tel',
  'sms',
  'intent',
  'content',
  'chrome',
  'view-source',
];

/** The default policy: loopback, the well-known native schemes and reverse-DNS schemes, and the default https hosts. */
export const DEFAULT_REDIRECT_POLICY: RedirectPolicy = {
  httpsHosts: DEFAULT_HTTPS_REDIRECT_HOSTS,
  openHttps: false,
  loopbackHosts: DEFAULT_LOOPBACK_HOSTS,
  privateUseSchemes: DEFAULT_PRIVATE_USE_SCHEMES,
  reverseDnsSchemes: true,
};

/** What a deployment configures (`registration.redirectPolicy` of the mcp-server config). */
export interface RedirectPolicyOptions {
  /** `allowList`: only {@link httpsHosts}; `open`: any https host (printed as a warning at synth). @default 'allowList' */
  readonly https?: 'allowList' | 'open';
  /** Replaces {@link DEFAULT_HTTPS_REDIRECT_HOSTS}. @default the default list */
  readonly httpsHosts?: readonly string[];
  /** Added to the https hosts. @default none */
  readonly additionalHttpsHosts?: readonly string[];
  /** @default {@link DEFAULT_LOOPBACK_HOSTS} (`localhost`, `127.0.0.1`) */
  readonly loopbackHosts?: readonly LoopbackHost[];
  /** Replaces {@link DEFAULT_PRIVATE_USE_SCHEMES}. @default the default list */
  readonly privateUseSchemes?: readonly string[];
  /** @default true */
  readonly reverseDnsSchemes?: boolean;
}

/** A DNS host name in lower case: labels of letters, digits and hyphens, at most 253 characters. */
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A URI scheme (RFC 3986 §3.1) in lower case, at most 63 characters. */
const SCHEME = /^[a-z][a-z0-9+.-]{0,62}$/;
/** Most entries one list may hold; keeps the stage variable under API Gateway's 512 characters. */
export const MAX_POLICY_ENTRIES = 25;

function checkEntries(field: string, values: readonly string[], rule: RegExp, words: string): string[] {
  if (values.length > MAX_POLICY_ENTRIES) {
    throw new ValidationError(field, `must list at most ${MAX_POLICY_ENTRIES} entries`, values.length);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !rule.test(v)) throw new ValidationError(`${field}[${i}]`, words, v);
  });
  return [...new Set(values)];
}

/** Validates the configured options (field names relative to `field`) and returns the effective policy. */
export function resolveRedirectPolicy(options: RedirectPolicyOptions = {}, field = 'redirectPolicy'): RedirectPolicy {
  const hostRule = 'must be a lower-case DNS host name (letters, digits, hyphens and dots), no scheme, port or path';
  const httpsHosts = checkEntries(
    `${field}.httpsHosts`,
    [
      ...checkEntries(`${field}.httpsHosts`, options.httpsHosts ?? DEFAULT_HTTPS_REDIRECT_HOSTS, HOST, hostRule),
      ...checkEntries(`${field}.additionalHttpsHosts`, options.additionalHttpsHosts ?? [], HOST, hostRule),
    ],
    HOST,
    hostRule,
  );
  const schemes = checkEntries(
    `${field}.privateUseSchemes`,
    options.privateUseSchemes ?? DEFAULT_PRIVATE_USE_SCHEMES,
    SCHEME,
    'must be a lower-case URI scheme name (letters, digits, + . -), without ":"',
  );
  schemes.forEach((s, i) => {
    if (FORBIDDEN_REDIRECT_SCHEMES.includes(s)) {
      throw new ValidationError(
        `${field}.privateUseSchemes[${i}]`,
        'is not a private-use scheme and can never be a redirect target',
        s,
      );
    }
  });
  const loopbackHosts = [...new Set(options.loopbackHosts ?? DEFAULT_LOOPBACK_HOSTS)];
  loopbackHosts.forEach((h, i) => {
    if (!LOOPBACK_HOSTS.includes(h)) {
      throw new ValidationError(`${field}.loopbackHosts[${i}]`, `must be one of ${LOOPBACK_HOSTS.join(', ')}`, h);
    }
  });
  if (options.https !== undefined && options.https !== 'allowList' && options.https !== 'open') {
    throw new ValidationError(`${field}.https`, 'must be "allowList" or "open"', options.https);
  }
  const openHttps = options.https === 'open';
  if (
    !openHttps &&
    httpsHosts.length === 0 &&
    loopbackHosts.length === 0 &&
    schemes.length === 0 &&
    options.reverseDnsSchemes === false
  ) {
    throw new ValidationError(field, 'accepts no redirect URI at all; allow at least one https host, loopback host or scheme');
  }
  return {
    httpsHosts,
    openHttps,
    loopbackHosts,
    privateUseSchemes: schemes,
    reverseDnsSchemes: options.reverseDnsSchemes ?? true,
  };
}

/**
 * The warning synth prints for an open policy, or `undefined`. Open https registration lets anyone register a client
 * whose redirect URI is their own server; a signed-in user who follows their link sends the code there.
 */
export function redirectPolicyWarning(policy: RedirectPolicy): string | undefined {
  if (!policy.openHttps) return undefined;
  return (
    'registration.redirectPolicy.https is "open": Dynamic Client Registration accepts https redirect URIs on any host, ' +
    'so anyone can register a client that receives authorization codes at their own server. Keep "allowList" unless ' +
    'every user of this pool understands that risk.'
  );
}

// --- regular expressions shared by the request model and dcr-request.vtl ------------------------------------------
// They are written in the subset that means the same in Java (API Gateway's templates), in ECMA 262 (the draft-04
// model's "pattern") and in JavaScript (the emulator): explicit classes, escaped dots as [.], no inline flags.

/** Characters of a redirect URI's path and query: RFC 3986 unreserved, sub-delims, ':', '@', '/', '?', '%'. */
export const URI_TAIL_CHARS = 'A-Za-z0-9._~%!$&()*+,;=:@/?-';
const TAIL = `([/?][${URI_TAIL_CHARS}]*)?`;
const PORT = '(:[0-9]{1,5})?';
const DNS_HOST = '[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?';
const LOOPBACK = { localhost: 'localhost', '127.0.0.1': '127[.]0[.]0[.]1', '[::1]': '\\[::1\\]' } as const;

/** After a private-use scheme: an authority (then an optional path or query), or a path (RFC 8252 §7.1 examples). */
const PRIVATE_USE_REST = `:(//${DNS_HOST}${PORT}${TAIL}|/[${URI_TAIL_CHARS}]*)`;

const escapeHost = (host: string) => host.replace(/\./g, '[.]');
const alternatives = (values: readonly string[]) => (values.length === 1 ? values[0] : `(${values.join('|')})`);

/**
 * Every redirect URI must have one of these shapes, whatever the policy: https with a DNS host, http on a loopback
 * host, or a lower-case private-use scheme that is not one of {@link FORBIDDEN_REDIRECT_SCHEMES} followed by a path
 * or an authority (`scheme:/path`, `scheme://authority/path`, `scheme://authority`; a bare `scheme:x` is refused). No fragment, user info, whitespace, quotes or backslashes: these URIs
 * are written into JSON by a mapping template and compared byte for byte by Cognito.
 */
export const REDIRECT_URI_SYNTAX_PATTERN =
  `^(https://${DNS_HOST}${PORT}${TAIL}` +
  `|http://(localhost|127[.]0[.]0[.]1|\\[::1\\])${PORT}${TAIL}` +
  `|(?!(${FORBIDDEN_REDIRECT_SCHEMES.join('|')}):)[a-z][a-z0-9+.-]{0,62}${PRIVATE_USE_REST})$`;

/**
 * The redirect URIs `policy` accepts for a client of `applicationType` (`undefined`: none was given), as one regular
 * expression: the TypeScript statement of what dcr-request.vtl decides, which the tests hold the template to.
 */
export function acceptedRedirectPattern(policy: RedirectPolicy, applicationType?: 'web' | 'native'): string {
  const forms: string[] = [];
  if (policy.openHttps) forms.push(`https://${DNS_HOST}${PORT}${TAIL}`);
  else if (policy.httpsHosts.length > 0) forms.push(`https://${alternatives(policy.httpsHosts.map(escapeHost))}${PORT}${TAIL}`);
  if (policy.loopbackHosts.length > 0) {
    forms.push(`http://${alternatives(policy.loopbackHosts.map((h) => LOOPBACK[h]))}${PORT}${TAIL}`);
  }
  if (applicationType !== 'web') {
    const schemes = policy.privateUseSchemes.map((s) => s.replace(/\./g, '[.]').replace(/\+/g, '[+]'));
    if (policy.reverseDnsSchemes) schemes.push('[a-z][a-z0-9+-]*([.][a-z0-9+-]+)+');
    if (schemes.length > 0) forms.push(`${alternatives(schemes)}${PRIVATE_USE_REST}`);
  }
  // Nothing acceptable: a pattern no string matches.
  return forms.length === 0 ? '^[^\\x00-\\x7f]{2000}$' : `^(${forms.join('|')})$`;
}

/** Stage variable values carrying `policy` to dcr-request.vtl (API Gateway allows letters, digits and -._~:/?#&=,). */
export function redirectPolicyStageVariables(policy: RedirectPolicy): {
  redirectHttpsHosts: string;
  redirectLoopbackHosts: string;
  redirectSchemes: string;
} {
  const list = (values: readonly string[]) => (values.length === 0 ? '-' : values.join(','));
  const schemes = [...policy.privateUseSchemes, ...(policy.reverseDnsSchemes ? ['.'] : [])];
  return {
    redirectHttpsHosts: policy.openHttps ? '~' : list(policy.httpsHosts),
    // '[' and ']' are not allowed in stage variables; dcr-request.vtl compares against the bare address.
    redirectLoopbackHosts: list(policy.loopbackHosts.map((h) => (h === '[::1]' ? '::1' : h))),
    // '.' stands for "any reverse-domain scheme".
    redirectSchemes: list(schemes),
  };
}
