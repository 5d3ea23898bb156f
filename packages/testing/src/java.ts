import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { enginePath, JAVA, toolchainCache } from './engines';

export interface CompiledJava {
  /** `-cp` for `java`: the compiled classes first, then `classpath`. */
  readonly classpath: string;
  /** Whether this call ran javac (false: the cache had the classes). */
  readonly compiled: boolean;
}

/**
 * Compiles one Java source file against `classpath` (jars) into the toolchain cache, keyed by the
 * SHA-256 of the source, the jars and the JDK's version, so a test run
 * pays javac (~2 s of CPU) only when one of them changed. Concurrent callers each compile into a
 * folder of their own and rename it into place; the first rename wins. Throws javac's errors.
 */
export function compileJava(source: string, classpath: readonly string[]): CompiledJava {
  const javac = enginePath(JAVA);
  // The JDK is identified by where its javac really lives (running `javac -version` would cost a JVM start).
  const hash = createHash('sha256').update(readFileSync(source)).update(realJavac(javac));
  for (const jar of classpath) hash.update(readFileSync(jar));
  const key = hash.digest('hex').slice(0, 16);
  const dir = path.join(toolchainCache(), 'java-classes', `${path.basename(source, '.java')}-${key}`);
  const cp = (classes: string) => [classes, ...classpath].join(path.delimiter);
  if (existsSync(path.join(dir, '.complete'))) return { classpath: cp(dir), compiled: false };
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const r = spawnSync(javac, ['-nowarn', '-cp', cp(staging), '-d', staging, source], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`javac ${source} failed:\n${r.stderr}${r.stdout}`);
  }
  writeFileSync(path.join(staging, '.complete'), '');
  try {
    renameSync(staging, dir);
  } catch {
    // Another process renamed its copy first: same key, same classes.
    rmSync(staging, { recursive: true, force: true });
  }
  return { classpath: cp(dir), compiled: true };
}

function realJavac(javac: string): string {
  const found = javac.includes('/')
    ? javac
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .map((d) => path.join(d, javac))
        .find((f) => existsSync(f));
  return found ? realpathSync(found) : javac;
}
