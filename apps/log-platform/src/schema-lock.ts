import { describeRefusals, LogSchema, planSchemaEvolution, SchemaEvolutionPlan, TableColumn } from '@aws-log-mcp/log-contract';
import { EnvironmentConfig, parseWith, ValidationError } from '@aws-log-mcp/shared';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * The schema lock: per environment and table, the ordered history of the column sets the table
 * was deployed with, committed next to the config file (`config/platform.json` ->
 * `config/platform.schema-lock.json`), like a migration log. Synth compares the config's columns
 * with the latest version and refuses an unsafe change before any plan exists; `npm run
 * schema-lock` appends a version after a safe change (and refuses an unsafe one). The table step
 * applies the same rules to the live table at apply time, so a lock that fell behind (a change
 * deployed without recording it) is still caught there, before anything is committed.
 *
 * Why a committed file and not Terraform state: synth runs without credentials or state access
 * (the S3 backend needs both), and a reviewed file shows every schema change in the pull request
 * that makes it.
 */

/** Format version of the lock file. */
export const SCHEMA_LOCK_FORMAT = 1;

const ColumnSchema = z
  .object({
    name: z.string().min(1).max(128),
    type: z.string().min(1).max(64),
    required: z.boolean(),
  })
  .strict();

const TableHistorySchema = z
  .object({
    versions: z
      .array(z.object({ version: z.number().int().min(1), columns: z.array(ColumnSchema).min(1) }).strict())
      .min(1)
      .refine((v) => v.every((x, i) => x.version === i + 1), 'versions must be numbered 1, 2, 3, … in order'),
  })
  .strict();

/** The lock file: `{ formatVersion: 1, environments: { <env>: { "<namespace>.<table>": { versions: [...] } } } }`. */
export const SchemaLockSchema = z
  .object({
    formatVersion: z.literal(SCHEMA_LOCK_FORMAT),
    environments: z.record(z.string(), z.record(z.string(), TableHistorySchema)),
  })
  .strict();

export type SchemaLock = z.output<typeof SchemaLockSchema>;

/** The latest recorded columns of one environment's table. */
export interface DeployedSchema {
  readonly version: number;
  readonly columns: readonly TableColumn[];
  /** Where it was read (the lock file, the environment and the table), for messages. */
  readonly source: string;
}

/** `config/platform.json` -> `config/platform.schema-lock.json`. */
export function schemaLockPath(configFile: string): string {
  const dir = path.dirname(configFile);
  return path.join(dir, `${path.basename(configFile, path.extname(configFile))}.schema-lock.json`);
}

/** The key of a table in the lock: `<namespace>.<table>`. */
export function tableKey(namespace: string, tableName: string): string {
  return `${namespace}.${tableName}`;
}

/**
 * Reads and validates a lock file; `undefined` when there is none (no environment was recorded yet).
 * @throws ValidationError naming the file when it is not valid JSON or not a lock
 */
export function readSchemaLock(file: string): SchemaLock | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ValidationError(file, `[schemaLock.read] cannot be read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(file, `[schemaLock.json] must be valid JSON: ${(e as Error).message}`);
  }
  return parseWith(SchemaLockSchema, raw, path.basename(file));
}

/** The latest version recorded for `env`'s table, or `undefined` when none is. */
export function deployedSchemaOf(
  lock: SchemaLock | undefined,
  env: string,
  key: string,
  file: string,
): DeployedSchema | undefined {
  const versions = lock?.environments[env]?.[key]?.versions;
  if (!versions?.length) return undefined;
  const latest = versions[versions.length - 1];
  return { version: latest.version, columns: latest.columns, source: `${file} (${env}, ${key}, version ${latest.version})` };
}

/** The lock's latest columns for the environment `config` describes (lock file beside its config file). */
export function deployedSchemaFor(config: EnvironmentConfig, namespace: string, tableName: string): DeployedSchema | undefined {
  if (!config.configFile) return undefined;
  const file = schemaLockPath(config.configFile);
  return deployedSchemaOf(readSchemaLock(file), config.name, tableKey(namespace, tableName), file);
}

/**
 * Refuses `schema` unless its columns are a safe evolution of `deployed`'s.
 * @throws ValidationError on `field` with every refused change (`[schemaEvolution.drop]`, `.rename`,
 *   `.narrow`, `.typeChange`, `.required`), each with what to do instead
 */
export function checkAgainstDeployedSchema(deployed: DeployedSchema, schema: LogSchema, field: string): SchemaEvolutionPlan {
  const plan = planSchemaEvolution(deployed.columns, schema.icebergFields());
  if (plan.refusals.length)
    throw new ValidationError(
      field,
      `${describeRefusals(plan.refusals)}\n(the table keeps its rows: nothing is changed in place except added columns and type promotions; deployed schema: ${deployed.source})`,
    );
  return plan;
}

/** What recording `columns` did to one environment's history. */
export interface RecordResult {
  readonly lock: SchemaLock;
  /** The version written, or `undefined` when the latest version already has these columns. */
  readonly recorded?: number;
  readonly plan: SchemaEvolutionPlan;
}

/**
 * Appends `columns` as the next version of `env`'s table when they differ from the latest (pure;
 * see {@link writeSchemaLock}). An unsafe change is refused like synth refuses it.
 * @throws ValidationError on `field` when the change is not a safe evolution
 */
export function recordSchema(
  lock: SchemaLock | undefined,
  env: string,
  key: string,
  columns: readonly TableColumn[],
  field: string,
): RecordResult {
  const base: SchemaLock = lock ?? { formatVersion: SCHEMA_LOCK_FORMAT, environments: {} };
  const versions = base.environments[env]?.[key]?.versions ?? [];
  const latest = versions[versions.length - 1];
  const plan = latest
    ? planSchemaEvolution(latest.columns, columns)
    : { changes: columns.map((c) => ({ kind: 'add' as const, column: c.name, type: c.type })), refusals: [] };
  if (plan.refusals.length) throw new ValidationError(field, describeRefusals(plan.refusals));
  // Column order is not part of the table's identity (Iceberg matches by name and id): no change, no version.
  if (latest && plan.changes.length === 0) return { lock: base, plan };
  const version = versions.length + 1;
  const next: SchemaLock = {
    ...base,
    environments: {
      ...base.environments,
      [env]: {
        ...base.environments[env],
        [key]: { versions: [...versions, { version, columns: columns.map((c) => ({ ...c })) }] },
      },
    },
  };
  return { lock: next, recorded: version, plan };
}

/** Writes the lock (2-space JSON and a final newline) through a temporary file and a rename, so a reader never sees half of it. */
export function writeSchemaLock(file: string, lock: SchemaLock): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(tmp, file);
}
