import { findRepoRoot, loadPlatformConfig, ValidationError } from '@aws-log-mcp/shared';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readLogPlatformConfig } from '../config';
import { LOGGER_PRESET_NAMES, LoggerPresetName, LogSchema, ShapingSpec, shapingSpec } from '@aws-log-mcp/log-contract';
import { checkJsonLines, CheckResult, formatIssue } from '../record-checker';

export const USAGE = `usage: check-record [--env <name> | --no-config] [--preset <name>] [--strict] [--json] <file.jsonl>... (- for stdin)

Checks records as FireLens sends them to Firehose against the log table's schema and reports
every field the table would drop, every value whose type does not fit its column, every value
that differs from what the log line says, and fragments of split lines.
  --env <name>     take extraColumns, loggerPreset and columnSources from this environment of
                   config/platform.json (default: the only environment, or the defaults when there are several)
  --no-config      check against the default columns and the default preset
  --preset <name>  check as if loggerPreset were <name> (${LOGGER_PRESET_NAMES.join(', ')})
  --strict         warnings fail too
  --json           print the result as JSON
Input: JSON Lines, UTF-8 (a BOM is ignored), LF, CRLF or CR line ends.
Exit status: 0 clean, 1 issues found, 2 usage, input or internal error (one line on stderr).`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string | Uint8Array;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  // `npm run -w` runs in the workspace folder; INIT_CWD is where the user typed the command.
  readFile: (p) => readFileSync(p === '-' ? 0 : path.resolve(process.env.INIT_CWD ?? process.cwd(), p)),
  env: process.env,
};

interface Options {
  files: string[];
  env?: string;
  useConfig: boolean;
  strict: boolean;
  json: boolean;
  preset?: LoggerPresetName;
}

function parseArgs(argv: readonly string[]): Options | string {
  const o: Options = { files: [], useConfig: true, strict: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--env') {
      const v = argv[++i];
      if (!v) return '--env needs an environment name';
      o.env = v;
    } else if (a === '--preset') {
      const v = argv[++i];
      if (!v || !(LOGGER_PRESET_NAMES as string[]).includes(v)) return `--preset needs one of ${LOGGER_PRESET_NAMES.join(', ')}`;
      o.preset = v as LoggerPresetName;
    } else if (a === '--no-config') o.useConfig = false;
    else if (a === '--strict') o.strict = true;
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else o.files.push(a);
  }
  return o.files.length === 0 ? 'no input file' : o;
}

function schemaFor(o: Options, io: CliIo): { schema: LogSchema; shaping: ShapingSpec } {
  const defaults = () => {
    const schema = LogSchema.withExtraColumns();
    return { schema, shaping: shapingSpec(schema, o.preset ?? 'default') };
  };
  if (!o.useConfig) return defaults();
  const environments = loadPlatformConfig({
    rootDir: findRepoRoot(__dirname),
    env: { ...io.env, ...(o.env ? { PLATFORM_ENVIRONMENTS: o.env } : {}) },
  });
  if (environments.length !== 1) return defaults();
  const section = readLogPlatformConfig(environments[0]);
  const schema = LogSchema.withExtraColumns(section.extraColumns);
  return { schema, shaping: shapingSpec(schema, o.preset ?? section.loggerPreset, section.columnSources) };
}

/** Runs the checker; returns the process exit status (0 clean, 1 findings, 2 usage, input or internal error). */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  try {
    return run(argv, io);
  } catch (e) {
    io.stderr(`check-record: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 2;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    io.stderr(`${o ? `check-record: ${o}\n` : ''}${USAGE}\n`);
    return o ? 2 : 0;
  }
  let config: { schema: LogSchema; shaping: ShapingSpec };
  try {
    config = schemaFor(o, io);
  } catch (e) {
    io.stderr(`check-record: ${e instanceof ValidationError ? e.message : (e as Error).message}\n`);
    return 2;
  }
  const results: { file: string; result: CheckResult }[] = [];
  for (const file of o.files) {
    let input: string | Uint8Array;
    try {
      input = io.readFile(file);
    } catch (e) {
      io.stderr(`check-record: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    results.push({ file, result: checkJsonLines(input, config.schema, { shaping: config.shaping }) });
  }
  const errors = results.reduce((n, r) => n + r.result.errors, 0);
  const warnings = results.reduce((n, r) => n + r.result.warnings, 0);
  const records = results.reduce((n, r) => n + r.result.records, 0);
  if (o.json) {
    io.stdout(`${JSON.stringify({ records, errors, warnings, files: results }, null, 2)}\n`);
  } else {
    for (const { file, result } of results) for (const issue of result.issues) io.stdout(`${formatIssue(issue, file)}\n`);
    io.stdout(`${records} record(s): ${errors} error(s), ${warnings} warning(s)\n`);
  }
  return errors > 0 || (o.strict && warnings > 0) ? 1 : 0;
}
