import { findRepoRoot, loadPlatformConfig, ValidationError } from '@aws-log-mcp/shared';
import { LogSchema, SchemaChange } from '@aws-log-mcp/log-contract';
import { readLogPlatformConfig } from '../config';
import { readSchemaLock, recordSchema, schemaLockPath, SchemaLock, tableKey, writeSchemaLock } from '../schema-lock';

export const USAGE = `usage: schema-lock [--env <name>] [--check]

Records the log table's columns of each environment of config/platform.json as the next version
in config/platform.schema-lock.json when they changed, after checking that the change is a safe
Iceberg schema evolution (add optional columns, int -> long, float -> double, wider decimals).
Synth checks every later config against the latest recorded version.
  --env <name>  only this environment (default: every environment with the log platform)
  --check       write nothing; exit 1 when the lock does not record the config's columns
Exit status: 0 recorded or up to date, 1 an unsafe change was refused or --check found the lock
behind, 2 usage or input error (one line on stderr).`;

export interface SchemaLockIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory holding `config/platform.json`. */
  readonly rootDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultIo: SchemaLockIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  rootDir: findRepoRoot(__dirname),
  env: process.env,
};

function describeChange(c: SchemaChange): string {
  return c.kind === 'add' ? `added ${c.column} (${c.type})` : `promoted ${c.column} ${c.from} -> ${c.to}`;
}

/** Runs the command; returns the exit status. Writes the lock once, after every environment passed. */
export function main(argv: readonly string[], io: SchemaLockIo = defaultIo): number {
  let only: string | undefined;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--env' && i + 1 < argv.length && !argv[i + 1].startsWith('--')) only = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    } else {
      io.stderr(`schema-lock: unknown or incomplete argument ${JSON.stringify(arg)}\n${USAGE}\n`);
      return 2;
    }
  }
  try {
    const environments = loadPlatformConfig({
      rootDir: io.rootDir,
      env: { ...io.env, ...(only === undefined ? {} : { PLATFORM_ENVIRONMENTS: only }) },
    }).filter((e) => e.apps['log-platform'] !== undefined);
    if (environments.length === 0) {
      io.stderr('schema-lock: no environment configures apps.log-platform\n');
      return 2;
    }
    const file = schemaLockPath(environments[0].configFile as string);
    let lock: SchemaLock | undefined = readSchemaLock(file);
    const behind: string[] = [];
    let changed = false;
    for (const config of environments) {
      const section = readLogPlatformConfig(config);
      const columns = LogSchema.withExtraColumns(section.extraColumns).icebergFields();
      const key = tableKey(section.namespace, section.tableName);
      const field = `environments.${config.name}.apps.log-platform.extraColumns`;
      const result = recordSchema(lock, config.name, key, columns, field);
      if (result.recorded === undefined) {
        io.stdout(`${config.name} ${key}: up to date\n`);
        continue;
      }
      const what = result.recorded === 1 ? 'first version' : result.plan.changes.map(describeChange).join(', ');
      if (check) behind.push(`${config.name} ${key}: the lock does not record ${what}`);
      else io.stdout(`${config.name} ${key}: version ${result.recorded} (${what})\n`);
      lock = result.lock;
      changed = true;
    }
    if (check) {
      if (behind.length === 0) return 0;
      io.stderr(
        `${behind.map((b) => `schema-lock: ${b}`).join('\n')}\nrun "npm run schema-lock -w apps/log-platform" and commit ${file}\n`,
      );
      return 1;
    }
    if (changed && lock) writeSchemaLock(file, lock);
    return 0;
  } catch (e) {
    if (e instanceof ValidationError) {
      io.stderr(`schema-lock: ${e.message}\nnothing was written\n`);
      return e.message.includes('[schemaEvolution.') ? 1 : 2;
    }
    throw e;
  }
}
