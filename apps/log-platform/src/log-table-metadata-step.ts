import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { TableColumn } from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressNameOf,
  bashLocalExec,
  jsonencodeSafe,
  oneLine,
  PlatformStack,
  RetryOptions,
  retryEnvironment,
  setAddress,
  triggerEnvironment,
} from '@aws-log-mcp/shared';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LogTable } from './log-table';

/** The table step's program: pyiceberg against the S3 Tables Iceberg REST endpoint (see its docstring). */
export const TABLE_STEP_PROGRAM = path.join(__dirname, '..', 'steps', 'iceberg_table_step.py');

/** Environment variable that points the step at a Python other than `python3` on PATH (read at apply time). */
export const TABLE_STEP_PYTHON_VARIABLE = 'LOG_PLATFORM_PYTHON';

/** What the machine running `terraform apply` needs for the step (checked when it starts). */
export const TABLE_STEP_REQUIREMENTS =
  'Python 3.10 or newer with pyiceberg 0.12 and its rest-sigv4 extra: python3 -m pip install "pyiceberg[rest-sigv4]==0.12.0"';

/**
 * The command: finds Python (`$LOG_PLATFORM_PYTHON`, else `python3`) and runs the program the
 * stack ships as an asset. Values reach it only through the environment (`LT_*`).
 */
export const TABLE_STEP_COMMAND = oneLine([
  'set -u',
  `py=$(printenv ${TABLE_STEP_PYTHON_VARIABLE} || true)`,
  'if [ -z "$py" ]; then py=python3; fi',
  'if ! command -v "$py" >/dev/null 2>&1; then',
  `  printf "iceberg-table-step: %s was not found; this step needs ${TABLE_STEP_REQUIREMENTS.replace(/"/g, "'")} (or set ${TABLE_STEP_PYTHON_VARIABLE} to a Python that has it). Nothing was changed." "$py" >&2; echo >&2`,
  '  exit 3',
  'fi',
  'if [ ! -f "$LT_PROGRAM" ]; then',
  '  printf "iceberg-table-step: %s is missing: run terraform in the synthesized stack directory (it ships the step). Nothing was changed." "$LT_PROGRAM" >&2; echo >&2',
  '  exit 1',
  'fi',
  'exec "$py" "$LT_PROGRAM"',
]);

const TRIGGER_ENV = {
  LT_CATALOG: 'catalog',
  LT_TABLE: 'table',
  LT_DESIRED: 'desired',
  LT_PROGRAM: 'program',
} as const;

export interface LogTableMetadataStepProps extends AddressableProps {
  /** The table whose live metadata the step brings to its declared schema, partition spec and sort order. */
  readonly table: LogTable;
  /** Backoff when a commit races Firehose's or the endpoint throttles. @default see `RetryOptions` */
  readonly retry?: RetryOptions;
}

/**
 * Brings the live log table to the declared columns, partition spec and sort order, in place:
 * a `null_resource` whose `local-exec` runs `steps/iceberg_table_step.py` (pyiceberg through the
 * S3 Tables Iceberg REST endpoint, SigV4-signed with the caller's AWS credentials) after the
 * table is created and whenever the declaration or the table's identity changes. Adds columns and
 * applies Iceberg's type promotions; refuses, committing nothing, to drop, rename, narrow or
 * retype a column or change `required` (the same rules synth applies against the schema lock);
 * idempotent and retried on commit conflicts. No destroy-time action: the step never removes anything.
 *
 * Triggers: `table_arn` (a recreated table gets its layout and columns again), `catalog`,
 * `table`, `desired` (columns and layout as JSON), `program` (the asset path, which holds the
 * program's hash). Address: `null_resource.<addressName>`.
 */
export class LogTableMetadataStep extends Construct {
  readonly resource: NullResource;
  /** The JSON document the step receives as `LT_DESIRED`. */
  readonly desired: string;

  constructor(scope: Construct, id: string, props: LogTableMetadataStepProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    stack.useNullProvider();
    const table = props.table;
    const columns: TableColumn[] = table.schema.icebergFields();
    this.desired = JSON.stringify({ columns, partitionSpec: table.layout.partitionSpec, sortOrder: table.layout.sortOrder });
    const program = new TerraformAsset(this, 'program', { path: TABLE_STEP_PROGRAM, type: AssetType.FILE });
    const programSha256 = createHash('sha256').update(readFileSync(TABLE_STEP_PROGRAM)).digest('hex');
    const endpoint = stack.emulatorEndpoint;
    const catalog = Fn.jsonencode(
      jsonencodeSafe({
        type: 'rest',
        uri: endpoint ? `${endpoint.replace(/\/+$/, '')}/iceberg` : `https://s3tables.${stack.region}.${stack.dnsSuffix}/iceberg`,
        warehouse: table.tableBucketArn,
        'rest.sigv4-enabled': 'true',
        'rest.signing-name': 's3tables',
        'rest.signing-region': stack.region,
      }),
    );
    const retry = retryEnvironment(props.retry, `${id}.retry`);
    const retryValue = (suffix: string) => Object.entries(retry).find(([k]) => k.endsWith(suffix))?.[1] as string;
    const environment = {
      ...triggerEnvironment(TRIGGER_ENV),
      LT_RETRY_MAX_ATTEMPTS: retryValue('MAX_ATTEMPTS'),
      LT_RETRY_INITIAL_DELAY: retryValue('INITIAL_DELAY'),
      LT_RETRY_MAX_DELAY: retryValue('MAX_DELAY'),
    };
    this.resource = setAddress(
      new NullResource(this, 'step', {
        triggers: {
          table_arn: table.tableArn,
          catalog,
          table: JSON.stringify({ namespace: table.location.namespace, name: table.location.tableName }),
          desired: this.desired,
          program: program.path,
          program_sha256: programSha256,
        },
        dependsOn: [table.table],
        provisioners: [bashLocalExec(TABLE_STEP_COMMAND, environment)],
      }),
      addressNameOf(id, props),
    );
  }
}
