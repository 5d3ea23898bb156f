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
 * `environments.<env>.apps.mcp-server.registration` of config/platform.json: what Dynamic Client Registration accepts.
 * The redirect policy is enforced by the registration mapping template (see the vtl-templates package README).
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
  })
  .strict();

export type RegistrationConfig = z.output<typeof RegistrationConfigSchema>;
