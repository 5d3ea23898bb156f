import { DEFAULT_LOOPBACK_HOSTS, FORBIDDEN_REDIRECT_SCHEMES, LOOPBACK_HOSTS } from '@aws-log-mcp/vtl-templates/redirect-policy';
import { z } from 'zod';

const host = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a lower-case DNS host name (letters, digits, hyphens and dots), no scheme, port or path',
  );
const scheme = z
  .string()
  .regex(/^[a-z][a-z0-9+.-]{0,62}$/, 'must be a lower-case URI scheme name (letters, digits, + . -), without ":"')
  .refine((s) => !FORBIDDEN_REDIRECT_SCHEMES.includes(s), 'is not a private-use scheme and can never be a redirect target');

/**
 * Cognito's rules for a CIMD policy (API model `cognito-idp` 2016-04-18, botocore >= 1.44.7:
 * `CIMDPolicyNameType`, `URLPatternType`, `URLPatternListType`, `CacheDurationType`).
 */
export const CIMD_POLICY_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]{1,32}$/u;
export const CIMD_URL_PATTERN = /^https:\/\/[!$-;=@-[\]_a-z~]{4,248}$/;
export const CIMD_CACHE_SECONDS = { min: 86_400, max: 31_556_952 } as const;
/** Cognito's `ClientIdType`. */
export const COGNITO_CLIENT_ID = /^[\w+]{1,128}$/;
/** AWS WAF rate-based rule bounds (`RateBasedStatement.Limit`, `EvaluationWindowSec`). */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

const CimdSchema = z
  .object({
    /** Advertise and configure Client ID Metadata Documents through Cognito's CIMD policy. */
    enabled: z.boolean().default(false),
    /**
     * How the policy is made: `local-exec` (AWS CLI from the machine that applies, while
     * hashicorp/aws has no resource for it) or `native` (reserved for the provider resource).
     */
    mode: z.enum(['local-exec', 'native']).default('local-exec'),
    /** Policy name, 1-32 printable characters (Cognito's rule); the bridge finds its policy by this name. */
    policyName: z
      .string()
      .regex(CIMD_POLICY_NAME, 'must be 1-32 letters, marks, symbols, digits, punctuation or spaces')
      .default('mcp-clients'),
    /**
     * Metadata document URLs Cognito accepts, 1-5 `https://` patterns of 12-256 characters
     * (`*` matches any run of characters). Required when enabled.
     */
    urlPatterns: z
      .array(
        z
          .string()
          .regex(
            CIMD_URL_PATTERN,
            "must be https:// followed by 4-248 of a-z A-Z 0-9 and ! $ % & ' ( ) * + , - . / : ; = @ [ ] _ ~ (Cognito URLPatternType)",
          ),
      )
      .max(5)
      .refine((p) => new Set(p).size === p.length, 'URL patterns must be unique')
      .default([]),
    /** Seconds Cognito caches a document whose Cache-Control sets no max-age of 1 day-1 year; 86400-31556952. */
    cacheDurationSeconds: z.number().int().min(CIMD_CACHE_SECONDS.min).max(CIMD_CACHE_SECONDS.max).default(86_400),
  })
  .strict()
  .refine((c) => !c.enabled || c.urlPatterns.length > 0, {
    message: 'at least one pattern is required when CIMD is enabled',
    path: ['urlPatterns'],
  });

const ClientExpirySchema = z
  .object({
    /** Delete DCR-created app clients older than `clientTtlDays` on a schedule. */
    enabled: z.boolean().default(true),
    /** Hours between runs of the expiry job, 1-24. */
    scheduleHours: z.number().int().min(1).max(24).default(1),
    /** The pool's app-client quota (Cognito default 1,000; raise it here when AWS raised yours). */
    appClientQuota: z.number().int().min(1).max(1_000_000).default(1000),
    /** Alarm when the pool holds this percentage of the quota, 1-100. */
    alarmThresholdPercent: z.number().int().min(1).max(100).default(80),
    /** App clients made outside this stack that the job must never delete. */
    keepClientIds: z
      .array(z.string().regex(COGNITO_CLIENT_ID, 'must be a Cognito client id (1-128 of letters, digits, _ and +)'))
      .max(100)
      .default([]),
  })
  .strict();

const PerSourceRateLimitSchema = z
  .object({
    /** AWS WAF rate-based rule on POST /register per client address (see the README for the design). */
    enabled: z.boolean().default(true),
    /** Registrations one client address may send per evaluation window, 10-2,000,000,000 (WAF's bounds). */
    limit: z.number().int().min(WAF_RATE_LIMIT.min).max(WAF_RATE_LIMIT.max).default(10),
    /** WAF evaluation window: 60, 120, 300 or 600 seconds. */
    evaluationWindowSeconds: z
      .number()
      .int()
      .refine((w) => (WAF_EVALUATION_WINDOWS as readonly number[]).includes(w), 'must be 60, 120, 300 or 600')
      .default(300),
  })
  .strict();

/**
 * `environments.<env>.apps.mcp-server.registration` of config/platform.json: what Dynamic Client Registration accepts
 * and what keeps it safe to leave open. The redirect policy is enforced by the registration mapping template (see the
 * vtl-templates package README).
 */
export const RegistrationConfigSchema = z
  .object({
    redirectPolicy: z
      .object({
        /**
         * `allowList` (default): https redirect URIs only on `httpsHosts` (+ `additionalHttpsHosts`). `open`: any https
         * host; anyone can then register a client whose codes go to their own server (printed as a warning at synth).
         */
        https: z.enum(['allowList', 'open']).default('allowList'),
        /** Replaces the default list of well-known MCP clients' callback hosts. */
        httpsHosts: z.array(host).max(25).optional(),
        /** Added to the https hosts, e.g. a self-hosted Open WebUI or n8n. */
        additionalHttpsHosts: z.array(host).max(25).default([]),
        /** Loopback hosts whose http redirect URIs are accepted (RFC 8252 §7.3); [] for none. `[::1]` is opt-in. */
        loopbackHosts: z
          .array(z.enum(LOOPBACK_HOSTS as unknown as ['localhost', '127.0.0.1', '[::1]']))
          .max(3)
          .default([...DEFAULT_LOOPBACK_HOSTS]),
        /** Private-use schemes accepted for native clients (RFC 8252 §7.1); replaces the default list. */
        privateUseSchemes: z.array(scheme).max(25).optional(),
        /** Also accept reverse-domain schemes (`com.example.app:/cb`) for native clients. */
        reverseDnsSchemes: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Days a DCR-created app client lives before the expiry job deletes it, 1-3650. */
    clientTtlDays: z.number().int().min(1).max(3650).default(90),
    clientExpiry: ClientExpirySchema.prefault({}),
    perSourceRateLimit: PerSourceRateLimitSchema.prefault({}),
    cimd: CimdSchema.prefault({}),
  })
  .strict();

export type RegistrationConfig = z.output<typeof RegistrationConfigSchema>;
