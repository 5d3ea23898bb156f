/**
 * IAM action lists of the log contract, as named constants: what writing into and reading from
 * the log table takes (Service Authorization Reference: Amazon Athena, AWS Glue, Amazon Data
 * Firehose). Every statement builder of this package uses them.
 */

/** Running queries in one Athena workgroup and reading their results. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
] as const;

/** Reading a table's metadata through the federated Glue catalog (what Athena needs). */
export const GLUE_READ_TABLE_ACTIONS = ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'] as const;

/** Reading and updating a table's metadata (what Firehose needs to write Iceberg). */
export const GLUE_WRITE_TABLE_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'] as const;

/** What the FireLens log router uses to send batches. */
export const FIREHOSE_PUT_RECORD_BATCH_ACTIONS = ['firehose:PutRecordBatch'] as const;

/** What any producer may use to put records. */
export const FIREHOSE_PUT_ACTIONS = ['firehose:PutRecord', 'firehose:PutRecordBatch'] as const;

/** Starting a query in a workgroup, and nothing else (what EventBridge Scheduler calls for retention). */
export const ATHENA_START_QUERY_ACTIONS = ['athena:StartQueryExecution'] as const;

/**
 * Reading and committing a table's metadata through the federated Glue catalog: what Athena needs
 * to run a `DELETE` on an Iceberg table (it writes delete files and commits a new snapshot).
 */
export const GLUE_DELETE_ROWS_ACTIONS = ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'] as const;
