import { findRepoRoot, loadPlatformConfig, ValidationError } from '@aws-log-mcp/shared';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readLogPlatformConfig } from '../config';
import { LogSchema } from '@aws-log-mcp/log-contract';
import { checkJsonLines, CheckResult, formatIssue } from '../record-checker';

export const USAGE = `usage: check-record [--env <name> | --no-config] [--strict] [--json] <file.jsonl>... (- for stdin)

Checks records as FireLens sends them to Firehose against the log table's schema and reports
every field the table would drop and every value whose type does not fit its column.
  --env <name>   take extraColumns from this environment of config/platform.json
                 (default: the only environment, or the defaults when there are several)
  --no-config    check against the default columns only
  --strict       warnings fail too
  --json         print the result as JSON
Exit status: 0 clean, 1 issues found, 2 usage or input error.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  // `npm run -w` runs in the workspace folder; INIT_CWD is where the user typed the command.
  readFile: (p) => readFileSync(p === '-' ? 0 : path.resolve(process.env.INIT_CWD ?? process.cwd(), p), 'utf8'),
  env: process.env,
};

interface Options {
  files: string[];
  env?: string;
  useConfig: boolean;
  strict: boolean;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Options | string {
  const o: Options = { files: [], useConfig: true, strict: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--env') {
      const v = argv[++i];
      if (!v) return '--env needs an environment name';
      o.env = v;
    } else if (a === '--no-config') o.useConfig = false;
    else if (a === '--strict') o.strict = true;
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else o.files.push(a);
  }
  return o.files.length === 0 ? 'no input file' : o;
}

function schemaFor(o: Options, io: CliIo): LogSchema {
  if (!o.useConfig) return LogSchema.withExtraColumns();
  const environments = loadPlatformConfig({
    rootDir: findRepoRoot(__dirname),
    env: { ...io.env, ...(o.env ? { PLATFORM_ENVIRONMENTS: o.env } : {}) },
  });
  if (environments.length !== 1) return LogSchema.withExtraColumns();
  const section = readLogPlatformConfig(environments[0]);
  return LogSchema.withExtraColumns(section.extraColumns);
}

/** Runs the checker; returns the process exit status. */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    io.stderr(`${o ? `check-record: ${o}\n` : ''}${USAGE}\n`);
    return o ? 2 : 0;
  }
  let schema: LogSchema;
  try {
    schema = schemaFor(o, io);
  } catch (e) {
    io.stderr(`check-record: ${e instanceof ValidationError ? e.message : (e as Error).message}\n`);
    return 2;
  }
  const results: { file: string; result: CheckResult }[] = [];
  for (const file of o.files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stderr(`check-record: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    results.push({ file, result: checkJsonLines(text, schema) });
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
