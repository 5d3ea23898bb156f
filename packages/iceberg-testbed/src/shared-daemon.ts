// The shared testbed's daemon (see shared-testbed.ts): argv = <shared dir>.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lock } from './install';
import { sleep } from './postgres';
import { MissingPrerequisiteError } from './prerequisites';
import { IDLE_MS, liveClients, SharedStartError } from './shared-testbed';
import { IcebergTestbed } from './testbed';

const dir = process.argv[2];
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function writeAtomically(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  writeFileSync(path.join(dir, 'daemon.pid'), String(process.pid));
  let testbed: IcebergTestbed;
  try {
    testbed = await IcebergTestbed.start({ log });
  } catch (error) {
    const report: SharedStartError = {
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof MissingPrerequisiteError ? { missing: { name: error.what, install: error.install } } : {}),
    };
    writeAtomically(path.join(dir, 'error.json'), report);
    log(`start failed: ${report.message}`);
    return;
  }
  const stop = async (why: string) => {
    log(`stopping (${why})`);
    await testbed.stop();
    for (const f of ['descriptor.json', 'daemon.pid', 'stopping']) rmSync(path.join(dir, f), { force: true });
    log('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  writeAtomically(path.join(dir, 'descriptor.json'), testbed.descriptor);
  log(`ready: ${testbed.descriptor.trinoUrl}`);

  let idleSince: number | undefined;
  for (;;) {
    await sleep(500);
    if (liveClients(dir).length > 0) {
      idleSince = undefined;
      continue;
    }
    idleSince ??= Date.now();
    if (Date.now() - idleSince < IDLE_MS) continue;
    // Decide under the clients' lock, so nobody registers between the check and the stop.
    const release = await lock(`${dir}.lock`, log);
    try {
      if (liveClients(dir).length > 0) {
        idleSince = undefined;
        continue;
      }
      writeFileSync(path.join(dir, 'stopping'), '');
    } finally {
      release();
    }
    await stop(`no client for ${IDLE_MS / 1000} s`);
  }
}

main().catch((error) => {
  log(`daemon failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
