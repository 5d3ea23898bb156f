import type { LocalExecProvisioner } from 'cdktf';

/**
 * Joins script lines into one line. cdktf 0.21 renders multi-line strings inside a provisioner
 * block as broken HCL, so commands are kept on one line: statements are joined with `; `, and
 * lines that open a compound command (`then`, `do`, `else`, `{`) with a space.
 */
export function oneLine(lines: readonly string[]): string {
  return lines
    .map((l) => l.trim())
    .filter(Boolean)
    .reduce(
      (acc, line, i, all) => acc + line + (i === all.length - 1 ? '' : /(\bthen|\bdo|\belse|\{)$/.test(line) ? ' ' : '; '),
      '',
    );
}

/** The interpreter every local-exec command runs with (Terraform runs `bash -c <command>`). */
export const INTERPRETER = ['bash', '-c'];

/**
 * A local-exec provisioner running `command` with bash. The command must be one line (see
 * {@link oneLine}), free of Terraform template sequences, and free of backslashes (cdktf 0.21
 * writes them unescaped to HCL, where `\n` would become a newline: end a `printf` line with
 * `; echo` instead). Values reach it only through `environment`, so nothing is ever spliced
 * into the shell text.
 */
export function bashLocalExec(command: string, environment: Record<string, string>, when?: 'destroy'): LocalExecProvisioner {
  // The environment map has no schema for cdktf's HCL renderer: a value starting with `[`, `{`
  // or `"` is written unquoted, as an expression, and no longer reads as the same string.
  for (const [name, value] of Object.entries(environment)) {
    if (/^[[{"]/.test(value)) {
      throw new Error(`local-exec environment ${name} must not start with [, { or " (cdktf writes it to HCL as an expression)`);
    }
  }
  if (/\$\{|%\{/.test(command)) throw new Error('local-exec commands must not contain Terraform template sequences');
  if (command.includes('\n')) throw new Error('local-exec commands must be one line (see oneLine)');
  if (command.includes('\\'))
    throw new Error('local-exec commands must not contain a backslash (cdktf writes it unescaped to HCL)');
  return { type: 'local-exec', command, interpreter: INTERPRETER, environment, ...(when ? { when } : {}) };
}
