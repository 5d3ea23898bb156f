import {
  AlarmNotificationsSchema,
  COGNITO_CLIENT_NAME,
  COGNITO_DOMAIN_PREFIX,
  LogRetentionDaysSchema,
  nameSchema,
} from '@aws-log-mcp/shared';
import {
  DEFAULT_MCP_SCOPE_DESCRIPTION,
  DEFAULT_MCP_SCOPE_NAME,
  DEFAULT_RESOURCE_SERVER_IDENTIFIER,
} from '@aws-log-mcp/vtl-templates/http-contract';
import { z } from 'zod';
import { LogToolsConfigSchema } from './log-tools-config';
import { RegistrationConfigSchema } from './registration-config';
import { SCOPE_TOKEN } from './scope';

const https = z.url({ protocol: /^https$/, error: 'must be an https URL' });
const loopbackHttp = z
  .url({ protocol: /^http$/ })
  .refine((u) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(u).hostname), 'http URLs must point at a loopback host');
/**
 * RFC 3986 section 2: unreserved, reserved and percent-encoded characters only. A URL holding a
 * space, quote, backslash, brace or non-ASCII character is sent percent-encoded by browsers, so
 * it would never equal the redirect URI Cognito compares it with.
 */
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
const callbackUrl = z
  .string()
  .max(1024)
  .regex(URI_CHARACTERS, '[oauth.redirectUri] must use only URI characters (RFC 3986): percent-encode anything else')
  .pipe(z.union([https, loopbackHttp], { error: 'must be https, or http on localhost/127.0.0.1/[::1]' }))
  .refine((u) => !u.includes('#'), 'must not contain a fragment');

const throttle = (rate: number, burst: number) =>
  z
    .object({
      /** Steady-state requests per second. */
      rateLimit: z.number().positive().max(10000).default(rate),
      /** Token-bucket burst size. */
      burstLimit: z.number().int().min(1).max(5000).default(burst),
    })
    .strict();

/**
 * `environments.<env>.apps.mcp-server` of config/platform.json. Every field has a default,
 * so `{}` is a complete configuration.
 */
export const McpServerConfigSchema = z
  .object({
    cognito: z
      .object({
        /** Managed login domain prefix; default `<project>-<env>-mcp`. Checked against Cognito's rule. */
        domainPrefix: nameSchema(COGNITO_DOMAIN_PREFIX).optional(),
        /** `OFF`, `OPTIONAL` (users may enrol TOTP) or `ON` (TOTP required). */
        mfa: z.enum(['OFF', 'OPTIONAL', 'ON']).default('OPTIONAL'),
        /**
         * Feature plan. `ESSENTIALS` (what AWS gives new pools) is set explicitly so the plan never
         * drifts; `LITE` is cheaper, `PLUS` adds threat protection.
         */
        tier: z.enum(['LITE', 'ESSENTIALS', 'PLUS']).default('ESSENTIALS'),
        /**
         * Threat protection (advanced security): `AUDIT` logs risk, `ENFORCED` also blocks compromised
         * credentials and challenges risky sign-ins. Needs tier `PLUS`. @default `ENFORCED` on PLUS, `OFF` otherwise
         */
        threatProtection: z.enum(['OFF', 'AUDIT', 'ENFORCED']).optional(),
        /** Let anyone create an account on the managed login page (default false: admins create users). */
        selfSignUp: z.boolean().default(false),
        /** Keep Terraform from deleting the pool and its users (default true). */
        deletionProtection: z.boolean().default(true),
        /** Resource server identifier: the part before `/` in every MCP scope. */
        resourceServerIdentifier: z
          .string()
          .regex(SCOPE_TOKEN, 'must be 1-64 of letters, digits and . _ ~ -')
          .default(DEFAULT_RESOURCE_SERVER_IDENTIFIER),
        /** Scope names on the resource server; the first is the one the MCP endpoint requires. */
        scopes: z
          .array(
            z
              .object({
                name: z.string().regex(SCOPE_TOKEN, 'must be 1-64 of letters, digits and . _ ~ -'),
                description: z.string().min(1).max(256),
              })
              .strict(),
          )
          .min(1)
          .max(25)
          .refine((s) => new Set(s.map((x) => x.name)).size === s.length, 'scope names must be unique')
          .default([{ name: DEFAULT_MCP_SCOPE_NAME, description: DEFAULT_MCP_SCOPE_DESCRIPTION }]),
      })
      .strict()
      .prefault({}),
    tokenValidity: z
      .object({
        /** Access token lifetime, 5-1440 minutes (Cognito's range). */
        accessTokenMinutes: z.number().int().min(5).max(1440).default(60),
        /** ID token lifetime, 5-1440 minutes. */
        idTokenMinutes: z.number().int().min(5).max(1440).default(60),
        /** Refresh token lifetime, 1-3650 days. */
        refreshTokenDays: z.number().int().min(1).max(3650).default(30),
      })
      .strict()
      .prefault({}),
    /**
     * Refresh token rotation of every app client (registered ones and the pre-registered one): each refresh returns a
     * new refresh token and retires the old one after `retryGracePeriodSeconds`. Needs the Essentials or Plus plan;
     * the default is on for those and off for Lite.
     */
    refreshTokenRotation: z
      .object({
        /** Default: on unless `cognito.tier` is `LITE`. */
        enabled: z.boolean().optional(),
        /** Seconds the replaced refresh token stays valid, for clients that retry (0-60, Cognito's range). */
        retryGracePeriodSeconds: z.number().int().min(0).max(60).default(60),
      })
      .strict()
      .prefault({}),
    /** Dynamic Client Registration: redirect policy, CIMD, client expiry, per-source rate limit; see `registration-config.ts`. */
    registration: RegistrationConfigSchema.prefault({}),
    throttling: z
      .object({
        /** Stage default for every method. */
        default: throttle(50, 100).prefault({}),
        /** POST /register: each call creates a Cognito app client (default quota 1,000 per pool). */
        register: throttle(1, 5).prefault({}),
        /**
         * POST /mcp: every JSON-RPC message, and so every log query (one per `tools/call`, batches are
         * refused). With `athena.bytesScannedCutoff` it bounds what the log tools can spend an hour.
         */
        mcp: throttle(10, 20).prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * Create the region-wide API Gateway CloudWatch role and account setting. REST access logging
     * needs it; leave false when the account already has one (it is shared by every REST API).
     */
    manageApiGatewayAccountLogging: z.boolean().default(false),
    /** The tools Lambda. */
    lambda: z
      .object({
        /**
         * Concurrent executions reserved for (and the most allowed to) the tools Lambda, 1-1000. Caps
         * concurrent log queries and keeps one client from taking the account's concurrency; it is
         * taken from the account's unreserved pool, which must keep at least 100.
         */
        reservedConcurrency: z.number().int().min(1).max(1000).default(10),
      })
      .strict()
      .prefault({}),
    /** CloudWatch alarms (always created) and where they notify; thresholds per 5-minute period. */
    alarms: z
      .object({
        /** `{ emails }` (a new encrypted SNS topic) or `{ topicArn }` (an existing one). @default none */
        notifications: AlarmNotificationsSchema.optional(),
        /** Function errors (crashes, timeouts) tolerated in 5 minutes; the handler answers every request itself, so 0. */
        lambdaErrorsPerFiveMinutes: z.number().int().min(0).max(1_000_000).default(0),
        /** Invocations refused at the reserved concurrency tolerated in 5 minutes. */
        lambdaThrottlesPerFiveMinutes: z.number().int().min(0).max(1_000_000).default(0),
        /** Percentage of responses that are 5xx, in 5 minutes with at least `minRequests` requests. */
        serverErrorPercent: z.number().min(0).max(100).default(5),
        /** Percentage of responses that are 429 (throttled), in 5 minutes with at least `minRequests` requests. */
        throttledPercent: z.number().min(0).max(100).default(10),
        /** Requests in 5 minutes below which the rate alarms stay quiet (a few requests make any rate). */
        minRequests: z.number().int().min(1).max(1_000_000).default(20),
      })
      .strict()
      .prefault({}),
    /** Days to keep Lambda and API access logs. */
    logRetentionDays: LogRetentionDaysSchema.default(30),
    /** MCP tools over the log platform; see `log-tools-config.ts`. */
    logTools: LogToolsConfigSchema.prefault({}),
    /** An app client created with the stack (for clients that cannot use Dynamic Client Registration). */
    preRegisteredClient: z
      .object({
        name: nameSchema(COGNITO_CLIENT_NAME),
        callbackUrls: z.array(callbackUrl).min(1).max(100),
        logoutUrls: z.array(callbackUrl).max(100).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type McpServerConfig = z.output<typeof McpServerConfigSchema>;
