import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { parseConfigJson } from './json';
import { EnvironmentConfig, PlatformConfigSchema } from './schema';

/** Environment variables read by {@link loadPlatformConfig}; documented in the README. */
export const CONFIG_ENV = {
  /** Path of the configuration file, relative to the working directory. */
  file: 'PLATFORM_CONFIG',
  /** Comma-separated environment names to synthesize (default: all in the file). */
  environments: 'PLATFORM_ENVIRONMENTS',
  /** Endpoint of a local AWS emulator; switches every stack into emulator mode. */
  endpoint: 'AWS_ENDPOINT_URL',
} as const;

/** Where the checked-in example configuration lives, relative to the repository root. */
export const DEFAULT_CONFIG_FILE = 'config/platform.json';

export interface LoadOptions {
  /** Directory that relative config paths resolve against. @default the repository root */
  readonly rootDir?: string;
  /** Environment variables. @default `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Converts the first zod issue into a {@link ValidationError} naming the field path and rule. */
export function toValidationError(error: z.ZodError, prefix: string): ValidationError {
  const issue = error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return new ValidationError(field || '(root)', issue.message);
}

/** Parses `value` with `schema`, throwing a {@link ValidationError} that names `field` on failure. */
export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw toValidationError(result.error, field);
  return result.data;
}

/** Finds the repository root: the nearest ancestor holding `cdktf.json` and `turbo.json`. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    try {
      readFileSync(path.join(dir, 'turbo.json'));
      readFileSync(path.join(dir, 'cdktf.json'));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`no repository root (turbo.json + cdktf.json) above ${start}`);
      dir = parent;
    }
  }
}

/**
 * Reads, validates and resolves the platform configuration: the JSON file named by
 * `PLATFORM_CONFIG` (default `config/platform.json`), filtered to `PLATFORM_ENVIRONMENTS`,
 * with emulator mode switched on by `AWS_ENDPOINT_URL`.
 */
export function loadPlatformConfig(options: LoadOptions = {}): EnvironmentConfig[] {
  const env = options.env ?? process.env;
  const rootDir = options.rootDir ?? findRepoRoot();
  const file = path.resolve(rootDir, env[CONFIG_ENV.file] || DEFAULT_CONFIG_FILE);

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ValidationError(CONFIG_ENV.file, `configuration file ${file} cannot be read: ${(e as Error).message}`);
  }
  const parsed = parseWith(PlatformConfigSchema, parseConfigJson(bytes, path.basename(file)), '');

  const emulatorEndpoint = parseEndpoint(env[CONFIG_ENV.endpoint]);
  const wanted = (env[CONFIG_ENV.environments] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of wanted) {
    // An own key: `toString` or `__proto__` must not pass as an environment through the prototype.
    if (!Object.prototype.hasOwnProperty.call(parsed.environments, name)) {
      throw new ValidationError(
        CONFIG_ENV.environments,
        `[config.environments] names environment "${name}", which ${path.basename(file)} does not define (defined: ${Object.keys(parsed.environments).join(', ')})`,
      );
    }
  }

  return Object.entries(parsed.environments)
    .filter(([name]) => wanted.length === 0 || wanted.includes(name))
    .map(([name, e]) => ({
      project: parsed.project,
      name,
      region: e.region,
      tags: e.tags,
      backend: e.backend,
      apps: e.apps,
      ...(emulatorEndpoint ? { emulatorEndpoint } : {}),
      configFile: file,
    }));
}

function parseEndpoint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(CONFIG_ENV.endpoint, 'must be an absolute http(s) URL such as http://127.0.0.1:5000', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(CONFIG_ENV.endpoint, 'must use http or https', value);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Validates one app's section of an environment (`environments.<env>.apps.<app>`) with the
 * app's own schema; an absent section is parsed as `{}` so the schema's defaults apply.
 */
export function parseAppSection<S extends z.ZodTypeAny>(config: EnvironmentConfig, app: string, schema: S): z.output<S> {
  return parseWith(schema, config.apps[app] ?? {}, `environments.${config.name}.apps.${app}`);
}
