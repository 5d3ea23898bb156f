import { readFileSync } from 'node:fs';
import type { LogToolsSettings } from '../lambda/logs/settings';
import { TrinoQueryRunner } from './trino-query-runner';

/** The dev server's log tools on a local engine: the runner, and how to let go of the engine. */
export interface LocalLogEngine {
  readonly runner: TrinoQueryRunner;
  /** Trino's URL, for the banner. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/**
 * Puts the log tools on the Iceberg testbed (Trino, no AWS account): attaches to the testbed in
 * `$ICEBERG_TESTBED` (`npx iceberg-testbed serve`) or starts one, creates the log table of
 * `settings` (the contract the tools query: its columns become the Iceberg schema, as the stack
 * sends them to S3 Tables) in a table bucket named as in `settings`, and appends `recordsFile`
 * (JSON lines shaped as Firehose delivers them, e.g. the log platform's `fixtures/shaped.jsonl`).
 * The testbed package is a development dependency, loaded only here.
 */
export async function startLocalLogEngine(
  settings: LogToolsSettings,
  recordsFile: string | undefined,
  log: (line: string) => void,
): Promise<LocalLogEngine> {
  const { IcebergTestbed, TESTBED_ENV } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@aws-log-mcp/iceberg-testbed') as typeof import('@aws-log-mcp/iceberg-testbed');
  const attached = Boolean(process.env[TESTBED_ENV]);
  const testbed = attached ? IcebergTestbed.connect() : await IcebergTestbed.start({ log });
  try {
    const bucket = await testbed.tableBucket(settings.table.catalog.replace(/^s3tablescatalog\//, ''));
    const ref = { namespace: settings.table.database, table: settings.table.table };
    await bucket.createTable(ref, {
      schema: { fields: settings.columns.map(([name, type]) => ({ name, type, required: false })) },
    });
    if (recordsFile) {
      const records = readFileSync(recordsFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line, i) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new Error(`--log-records ${recordsFile}: line ${i + 1} is not JSON`);
          }
        });
      const appended = await bucket.append(ref, records);
      log(`loaded ${appended.rows} records from ${recordsFile}`);
    }
    return { runner: new TrinoQueryRunner(bucket), url: testbed.descriptor.trinoUrl, close: () => testbed.stop() };
  } catch (error) {
    await testbed.stop();
    throw error;
  }
}
