import { lstatSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * `<tmpDir>/<name>-<uid>/<...sub>`, created with mode 0700, when every level of it is a real
 * directory (not a link) of this user that nobody else may read or write; `undefined` otherwise.
 * A folder in a shared `/tmp` that another user made first, or can write, could hold files or
 * sockets they control, so callers fall back to not sharing anything through it.
 */
export function privateTmpDir(name: string, sub: readonly string[], tmpDir: string = os.tmpdir()): string | undefined {
  const levels = [path.join(tmpDir, `${name}-${process.getuid?.() ?? 'user'}`)];
  for (const s of sub) levels.push(path.join(levels[levels.length - 1], s));
  const dir = levels[levels.length - 1];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return levels.every(ownPrivateDirectory) ? dir : undefined;
}

function ownPrivateDirectory(dir: string): boolean {
  const st = lstatSync(dir);
  return st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o077) === 0;
}
