import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export { testEnvironment, testStack } from '../src/testing';

/** Writes `content` as config/platform.json under a fresh temporary root and returns the root. */
export function configRoot(content: unknown): string {
  const root = mkdtempSync(path.join(tmpdir(), 'platform-config-'));
  const text = typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content);
  mkdirSync(path.join(root, 'config'));
  writeFileSync(path.join(root, 'config', 'platform.json'), text);
  return root;
}
