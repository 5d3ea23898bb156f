import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { enginePath, JQ } from './engines';

/** One scripted answer of the fake `aws`: exit status and output. */
export interface FakeResponse {
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface FakeCall {
  readonly argv: string[];
  readonly exitCode: number;
}

/** `value` as one single-quoted shell word. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The fake `aws`: counts the calls logged so far (the index of this call's response), hands its argv
 * to jq NUL-separated on stdin, and runs the lines jq prints: log the call, answer, exit.
 */
const FAKE_AWS_SH = String.raw`#!/bin/sh
n=0
if [ -f "$FAKE_AWS_LOG" ]; then while IFS= read -r _; do n=$((n + 1)); done < "$FAKE_AWS_LOG"; fi
script=$(printf '%s\0' "$@" | @JQ@ -Rrs --argjson n "$n" --argjson argc $# --slurpfile r "$FAKE_AWS_RESPONSES" -f @PROGRAM@) || exit 99
eval "$script"
`;

/** Shell lines for the call: `$r[0]` is the scripted responses, the input the NUL-terminated argv. */
const FAKE_AWS_JQ = String.raw`($r[0][$n] // {}) as $x
| ($x.exitCode // 0) as $code
| (if $argc == 0 then [] else split("\u0000")[:-1] end) as $argv
| "printf '%s\\n' \({argv: $argv, exitCode: $code} | tojson | @sh) >> \"$FAKE_AWS_LOG\"",
  "printf %s \($x.stdout // "" | @sh)",
  "printf %s \($x.stderr // "" | @sh) >&2",
  "exit \($code)"
`;

/**
 * A directory put first on PATH holding a fake `aws` (records its argv and the exit status it
 * returned, answers from a script of responses in call order, then exit 0) and a fake `sleep`
 * (records the delay instead of waiting). There is no AWS here; the real shell, jq and grep run.
 */
export class FakeBin {
  readonly dir: string;
  private readonly log: string;
  private readonly sleepLog: string;
  private readonly responsesFile: string;

  constructor(responses: readonly FakeResponse[] = []) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'fake-aws-'));
    this.log = path.join(this.dir, 'aws-calls.jsonl');
    this.sleepLog = path.join(this.dir, 'sleeps.txt');
    this.responsesFile = path.join(this.dir, 'responses.json');
    writeFileSync(this.responsesFile, JSON.stringify(responses));
    const aws = path.join(this.dir, 'aws');
    // sh and one jq rather than a Node script: the steps call `aws` hundreds of times per run, and
    // a Node start costs ~10x the CPU. Only shell builtins besides jq, which is found by its absolute
    // path, so the fake still answers when pathWithout() has taken a tool off PATH.
    const program = path.join(this.dir, 'aws.jq');
    writeFileSync(program, FAKE_AWS_JQ);
    writeFileSync(
      aws,
      FAKE_AWS_SH.replace('@JQ@', () => shellQuote(enginePath(JQ))).replace('@PROGRAM@', () => shellQuote(program)),
    );
    chmodSync(aws, 0o755);
    const sleep = path.join(this.dir, 'sleep');
    writeFileSync(sleep, `#!/bin/sh\nprintf '%s\\n' "$1" >> "$FAKE_SLEEP_LOG"\n`);
    chmodSync(sleep, 0o755);
  }

  get env(): Record<string, string> {
    return {
      PATH: `${this.dir}:${process.env.PATH ?? ''}`,
      FAKE_AWS_LOG: this.log,
      FAKE_AWS_RESPONSES: this.responsesFile,
      FAKE_SLEEP_LOG: this.sleepLog,
    };
  }

  /**
   * A PATH for a step run without `missing`: the fake `aws` and `sleep` plus links to `tools` as
   * the current PATH finds them, and nothing else (the real `aws` on PATH stays out of reach).
   */
  pathWithout(
    missing: string,
    tools: readonly string[] = ['aws', 'sleep', 'jq', 'grep', 'cut', 'head', 'mktemp', 'cat', 'rm', 'bash', 'env', 'node'],
  ): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'tools-without-'));
    for (const tool of tools) {
      if (tool === missing) continue;
      const target = ['aws', 'sleep'].includes(tool)
        ? path.join(this.dir, tool)
        : spawnSync('bash', ['-c', 'command -v "$1"', 'bash', tool], { encoding: 'utf8' }).stdout.trim();
      if (target) symlinkSync(target, path.join(dir, tool));
    }
    return dir;
  }

  calls(): FakeCall[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as FakeCall);
  }

  sleeps(): number[] {
    if (!existsSync(this.sleepLog)) return [];
    return readFileSync(this.sleepLog, 'utf8').split('\n').filter(Boolean).map(Number);
  }
}

interface Provisioner {
  'local-exec': { command: string; interpreter: string[]; environment: Record<string, string>; when?: string };
}

export interface NullResourceJson {
  triggers: Record<string, string>;
  provisioner: Provisioner[];
}

/**
 * Resolves the provisioner environment as Terraform does for this resource: every
 * `${self.triggers.<key>}` becomes the trigger's value. Triggers must be plain strings here
 * (tests build the construct with literal inputs); anything else left unresolved fails loudly.
 */
export function resolveEnvironment(resource: NullResourceJson, environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([k, v]) => {
      const resolved = v.replace(/\$\{self\.triggers\.([a-z_]+)\}/g, (_, key: string) => {
        const t = resource.triggers[key];
        if (t === undefined) throw new Error(`environment ${k} references missing trigger ${key}`);
        return t;
      });
      // Substituted values are data (Terraform does not re-evaluate them); only the template matters.
      if (v.replace(/\$\{self\.triggers\.[a-z_]+\}/g, '').includes('${')) {
        throw new Error(`environment ${k} is not resolvable in a test: ${v}`);
      }
      return [k, resolved];
    }),
  );
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the create-time or destroy-time provisioner of `resource` the way Terraform's local-exec does.
 * `timeoutMs` bounds the run (status `null` when it is killed); steps that start a real CLI several
 * times need more than the default on a shared machine.
 */
export function runProvisioner(
  resource: NullResourceJson,
  when: 'create' | 'destroy',
  fake: FakeBin,
  extraEnv: Record<string, string> = {},
  timeoutMs = 30_000,
): RunResult {
  const p = resource.provisioner.map((x) => x['local-exec']).find((x) => (x.when ?? 'create') === when);
  if (!p) throw new Error(`no ${when}-time local-exec provisioner`);
  const [interpreter, ...args] = p.interpreter;
  // Terraform starts from its own environment and lays the provisioner's map over it.
  const env = { ...process.env, ...fake.env, ...extraEnv, ...resolveEnvironment(resource, p.environment) };
  // stdin is /dev/null, as under Terraform: a socket on stdin (Node's default pipe) makes bash
  // read ~/.bashrc when SHLVL is unset, which can put other directories before the fake.
  const r = spawnSync(interpreter, [...args, p.command], {
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Asserts that `command` is what a local-exec step may run: one line (cdktf breaks multi-line
 * provisioner strings), no backslash, and valid bash (`bash -n`).
 */
export function expectOneLineBash(command: string): void {
  expect(command).not.toContain('\n');
  expect(command).not.toContain('\\');
  const r = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}
