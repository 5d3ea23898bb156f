import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { MissingPrerequisiteError } from './prerequisites';
import { MavenArtifact, TRINO_ICEBERG_PLUGIN, TRINO_SERVER_CORE, TRINO_VERSION } from './versions';

/** The pinned maven-dependency-plugin (Maven 3.8's default is 2.8, from 2014). */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface TrinoInstallation {
  /** Extracted `trino-server-core` with the Iceberg plugin in `plugin/iceberg`. */
  readonly home: string;
  /** A plugin directory holding only the Iceberg plugin (what the testbed loads). */
  readonly pluginDir: string;
  /** Whether this call downloaded (false: the cache had it). */
  readonly downloaded: boolean;
}

/** The installation directory of the pinned Trino under `cacheDir`. */
export function trinoHome(cacheDir: string): string {
  return path.join(cacheDir, `trino-${TRINO_VERSION}`);
}

/** True when {@link ensureTrino} would not need to download (so Maven is not needed). */
export function trinoCached(cacheDir: string): boolean {
  return existsSync(path.join(trinoHome(cacheDir), '.installed.json'));
}

/**
 * Downloads (first time only) and extracts the pinned Trino server and Iceberg plugin into
 * `<cacheDir>/trino-476`, through Maven from Maven Central into a Maven repository private to the
 * cache (`<cacheDir>/maven-repo`; `~/.m2` is not touched). Maven checks each file against Central's
 * `.sha1` (`--strict-checksums`), then the SHA-256 pinned in `versions.ts` is checked; a mismatch
 * deletes the file and throws. Concurrent callers (two packages' test runs) wait on a lock; an
 * interrupted extraction leaves only a temporary directory that the next call removes.
 */
export async function ensureTrino(
  cacheDir: string,
  mvn: string | undefined,
  python: string,
  log: (line: string) => void,
): Promise<TrinoInstallation> {
  const home = trinoHome(cacheDir);
  const installation = (downloaded: boolean): TrinoInstallation => ({
    home: path.join(home, 'server'),
    pluginDir: path.join(home, 'plugins'),
    downloaded,
  });
  if (trinoCached(cacheDir)) return installation(false);
  mkdirSync(cacheDir, { recursive: true });
  const release = await lock(`${home}.lock`, log);
  try {
    if (trinoCached(cacheDir)) return installation(false);
    if (!mvn) throw new MissingPrerequisiteError('Maven (mvn, for the first Trino download)', 'apt-get install maven');
    const repo = path.join(cacheDir, 'maven-repo');
    const started = Date.now();
    const total = (TRINO_SERVER_CORE.size + TRINO_ICEBERG_PLUGIN.size) / 1e6;
    log(
      `downloading Trino ${TRINO_VERSION} (server core + Iceberg plugin, ${total.toFixed(0)} MB) from Maven Central into ${repo}`,
    );
    const core = await fetchArtifact(mvn, repo, TRINO_SERVER_CORE);
    const plugin = await fetchArtifact(mvn, repo, TRINO_ICEBERG_PLUGIN);
    log(`downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s; extracting`);

    const staging = `${home}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(path.join(staging, 'server'), { recursive: true });
    run('tar', ['-xzf', core, '-C', path.join(staging, 'server'), '--strip-components=1']);
    const pluginParent = path.join(staging, 'server', 'plugin');
    run(python, ['-m', 'zipfile', '-e', plugin, pluginParent]);
    renameSync(path.join(pluginParent, `trino-iceberg-${TRINO_VERSION}`), path.join(pluginParent, 'iceberg'));
    // Only the Iceberg plugin is loaded: the others in the core (geospatial, Python functions,
    // spooling, ...) would add start-up time and nothing the product's SQL uses.
    mkdirSync(path.join(staging, 'plugins'));
    symlinkSync(path.join('..', 'server', 'plugin', 'iceberg'), path.join(staging, 'plugins', 'iceberg'));
    writeFileSync(
      path.join(staging, '.installed.json'),
      `${JSON.stringify({ version: TRINO_VERSION, artifacts: [TRINO_SERVER_CORE, TRINO_ICEBERG_PLUGIN] }, null, 2)}\n`,
    );
    rmSync(home, { recursive: true, force: true });
    renameSync(staging, home);
    log(`Trino ${TRINO_VERSION} installed in ${home} (${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
    return installation(true);
  } finally {
    release();
  }
}

/** `mvn dependency:get` into the private repository; returns the file's path after the SHA-256 check. */
async function fetchArtifact(mvn: string, repo: string, artifact: MavenArtifact): Promise<string> {
  const [groupId, artifactId, version, packaging] = artifact.coordinates.split(':');
  const file = path.join(repo, ...groupId.split('.'), artifactId, version, `${artifactId}-${version}.${packaging}`);
  if (!existsSync(file) || (await sha256(file)) !== artifact.sha256) {
    rmSync(file, { force: true });
    const r = spawnSync(
      mvn,
      [
        '--batch-mode',
        '--quiet',
        '--strict-checksums',
        `-Dmaven.repo.local=${repo}`,
        `${DEPENDENCY_PLUGIN}:get`,
        `-Dartifact=${artifact.coordinates}`,
        '-Dtransitive=false',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (r.status !== 0) {
      const reason = `${r.stdout}${r.stderr}`
        .split('\n')
        .filter((l) => l.includes('ERROR'))
        .slice(0, 2)
        .join(' ');
      throw new Error(`iceberg-testbed: mvn could not download ${artifact.coordinates}: ${reason || `exit ${r.status}`}`);
    }
  }
  const digest = await sha256(file);
  if (digest !== artifact.sha256) {
    rmSync(file, { force: true });
    throw new Error(
      `iceberg-testbed: ${artifact.coordinates} has SHA-256 ${digest}, expected ${artifact.sha256} (pinned in versions.ts); the file was deleted`,
    );
  }
  return file;
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`iceberg-testbed: ${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/**
 * An exclusive lock file holding the owner's pid; a lock whose owner is gone is taken over.
 * Returns the release function.
 */
export async function lock(file: string, log: (line: string) => void): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSafe(file));
    if (!owner || !alive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!announced) log(`waiting for process ${owner}, which holds ${path.basename(file)}`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
