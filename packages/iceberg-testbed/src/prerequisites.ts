import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MIN_JAVA_MAJOR } from './versions';

/**
 * A program or package the testbed needs is not on this machine. `message` is one line: what is
 * missing and the command that installs it.
 */
export class MissingPrerequisiteError extends Error {
  constructor(
    readonly what: string,
    readonly install: string,
  ) {
    super(`iceberg-testbed: ${what} not found; install it with: ${install}`);
    this.name = 'MissingPrerequisiteError';
  }
}

/** The repository root (the testbed lives in `packages/iceberg-testbed`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where downloads are cached: `$TOOLCHAIN_CACHE`, default `~/.cache/aws-log-mcp-platform` (shared with the Terraform toolchain). */
export function defaultCacheDir(): string {
  const configured = process.env.TOOLCHAIN_CACHE;
  return configured ? path.resolve(configured) : path.join(os.homedir(), '.cache', 'aws-log-mcp-platform');
}

export interface Prerequisites {
  /** A JDK/JRE home whose `bin/java` is at least {@link MIN_JAVA_MAJOR}. */
  readonly javaHome: string;
  /** Directory with PostgreSQL's `initdb`, `postgres` and `psql`. */
  readonly postgresBin: string;
  /** `mvn`, for the first download (not needed once the cache holds Trino). */
  readonly mvn: string | undefined;
  /** The project's venv Python with pyiceberg. */
  readonly python: string;
  /** When running as root: the unprivileged account PostgreSQL runs as (it refuses root). */
  readonly postgresUser: { readonly name: string; readonly uid: number; readonly gid: number } | undefined;
}

/**
 * Finds everything the testbed runs, or throws {@link MissingPrerequisiteError} for the first thing
 * missing. `needMaven` is false when the cache already holds the Trino installation.
 */
export function findPrerequisites(needMaven: boolean): Prerequisites {
  const javaHome = findJavaHome();
  const postgresBin = findPostgresBin();
  const python = findPython();
  const mvn = which('mvn');
  if (needMaven && !mvn) throw new MissingPrerequisiteError('Maven (mvn, for the first Trino download)', 'apt-get install maven');
  return { javaHome, postgresBin, mvn, python, postgresUser: findPostgresUser() };
}

function javaMajor(javaHome: string): number | undefined {
  const java = path.join(javaHome, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`);
  return m ? Number(m[1]) : undefined;
}

/**
 * `TRINO_JAVA_HOME`, else `JAVA_HOME` when recent enough, else a JDK >= 24 under /usr/lib/jvm
 * (this machine image ships Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64).
 */
function findJavaHome(): string {
  const explicit = process.env.TRINO_JAVA_HOME;
  if (explicit) {
    const major = javaMajor(explicit);
    if (major === undefined || major < MIN_JAVA_MAJOR) {
      throw new MissingPrerequisiteError(
        `Java ${MIN_JAVA_MAJOR}+ at TRINO_JAVA_HOME=${explicit} (found ${major ?? 'no java'})`,
        `a JDK ${MIN_JAVA_MAJOR} or newer, then point TRINO_JAVA_HOME at it`,
      );
    }
    return explicit;
  }
  const candidates = [process.env.JAVA_HOME, ...jvmDirs()].filter((c): c is string => Boolean(c));
  for (const home of candidates) {
    const major = javaMajor(home);
    if (major !== undefined && major >= MIN_JAVA_MAJOR) return home;
  }
  throw new MissingPrerequisiteError(
    `Java ${MIN_JAVA_MAJOR}+ (Trino 476 needs it; looked at JAVA_HOME and /usr/lib/jvm/*)`,
    `a JDK ${MIN_JAVA_MAJOR} or newer (this machine image ships Temurin 25 in /usr/lib/jvm/temurin-25-jdk-amd64), or set TRINO_JAVA_HOME`,
  );
}

function jvmDirs(): string[] {
  const root = '/usr/lib/jvm';
  if (!existsSync(root)) return [];
  // Newest first: temurin-25-jdk-amd64 before java-17-openjdk-amd64.
  return readdirSync(root)
    .map((d) => path.join(root, d))
    .sort((a, b) => (javaMajorFromName(b) ?? 0) - (javaMajorFromName(a) ?? 0));
}

const javaMajorFromName = (dir: string) => {
  const m = /(\d+)/.exec(path.basename(dir));
  return m ? Number(m[1]) : undefined;
};

/** `POSTGRES_BIN`, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout), else PATH. */
function findPostgresBin(): string {
  const need = ['initdb', 'postgres', 'psql'];
  const has = (dir: string) => need.every((b) => existsSync(path.join(dir, b)));
  const explicit = process.env.POSTGRES_BIN;
  if (explicit && has(explicit)) return explicit;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) if (has(path.join(root, m, 'bin'))) return path.join(root, m, 'bin');
  }
  const initdb = which('initdb');
  if (initdb && has(path.dirname(initdb))) return path.dirname(initdb);
  throw new MissingPrerequisiteError('PostgreSQL server binaries (initdb, postgres, psql)', 'apt-get install postgresql');
}

/** `ICEBERG_TESTBED_PYTHON`, else the repository's `.venv/bin/python`, checked for pyiceberg. */
function findPython(): string {
  const python = process.env.ICEBERG_TESTBED_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new MissingPrerequisiteError(
      `the project's Python venv (${python})`,
      'bash scripts/toolchain/bootstrap.sh --venv-only',
    );
  }
  const r = spawnSync(python, ['-c', 'import pyiceberg, pyarrow, sqlalchemy, psycopg2, pyiceberg_core'], { encoding: 'utf8' });
  if (r.status !== 0) {
    const missing = /No module named '([^']+)'/.exec(r.stderr)?.[1] ?? 'pyiceberg';
    throw new MissingPrerequisiteError(
      `Python module ${missing} in ${python}`,
      'bash scripts/toolchain/bootstrap.sh --venv-only',
    );
  }
  return python;
}

function findPostgresUser(): Prerequisites['postgresUser'] {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.ICEBERG_TESTBED_PG_USER ?? 'postgres';
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) {
    throw new MissingPrerequisiteError(
      `an unprivileged "${name}" account to run PostgreSQL as (it refuses to run as root)`,
      `apt-get install postgresql (creates "postgres"), or set ICEBERG_TESTBED_PG_USER`,
    );
  }
  if (!which('setpriv'))
    throw new MissingPrerequisiteError('setpriv (to run PostgreSQL as postgres)', 'apt-get install util-linux');
  return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** The absolute path of `cmd` on PATH, or undefined. */
export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
