#!/usr/bin/env node
// iceberg-testbed install | serve [--descriptor-file <file>]
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ensureTrino, trinoCached } from './install';
import { defaultCacheDir, findPrerequisites, MissingPrerequisiteError } from './prerequisites';
import { IcebergTestbed, TESTBED_ENV } from './testbed';

const USAGE = `usage: iceberg-testbed install
       iceberg-testbed serve [--descriptor-file <file>]

install  downloads and unpacks the pinned Trino into the toolchain cache (nothing else)
serve    starts PostgreSQL and Trino on 127.0.0.1, prints ${TESTBED_ENV}=<json> (and writes it to
         --descriptor-file), and stops everything on Ctrl-C or SIGTERM`;

const log = (line: string) => process.stderr.write(`iceberg-testbed: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'install' && rest.length === 0) {
    const cacheDir = defaultCacheDir();
    const prereqs = findPrerequisites(!trinoCached(cacheDir));
    const install = await ensureTrino(cacheDir, prereqs.mvn, prereqs.python, log);
    log(`${install.downloaded ? 'installed' : 'already installed'}: ${install.home}`);
    return 0;
  }
  if (command === 'serve') {
    let descriptorFile: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--descriptor-file' && rest[i + 1]) descriptorFile = rest[++i];
      else throw new UsageError(`unknown argument ${JSON.stringify(rest[i])}`);
    }
    const testbed = await IcebergTestbed.start({ log });
    const json = JSON.stringify(testbed.descriptor);
    if (descriptorFile) {
      writeFileSync(`${descriptorFile}.tmp`, json, { mode: 0o600 });
      renameSync(`${descriptorFile}.tmp`, descriptorFile);
    }
    process.stdout.write(`${TESTBED_ENV}=${json}\n`);
    log(`ready on ${testbed.descriptor.trinoUrl}; Ctrl-C stops it`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await testbed.stop();
    if (descriptorFile) rmSync(descriptorFile, { force: true });
    log('stopped');
    return 0;
  }
  throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'a command is required');
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) process.stderr.write(`iceberg-testbed: ${error.message}\n${USAGE}\n`);
    else if (error instanceof MissingPrerequisiteError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`iceberg-testbed: ${error.message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
