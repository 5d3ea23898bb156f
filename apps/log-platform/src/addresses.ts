/**
 * Address renames of the log platform's resources, previous address -> new address: the move from
 * cdktf's hashed addresses (a hash of the construct path, before stable names) to the stable names
 * of the state contract. `PlatformStack.addressMoves` turns each entry into a `moved` block, so a
 * plan against state deployed with the previous addresses moves every resource instead of
 * destroying it. Append, never rewrite: Terraform follows chains of `moved` blocks, and a state
 * written by any earlier release must keep a path to the current address.
 */
export const LOG_PLATFORM_ADDRESS_MOVES: Readonly<Record<string, string>> = {
  'aws_athena_named_query.athena_query-counts-by-level-and-container_F267BC5A':
    'aws_athena_named_query.counts_by_level_and_container',
  'aws_athena_named_query.athena_query-errors-last-hour_9E12EB66': 'aws_athena_named_query.errors_last_hour',
  'aws_athena_named_query.athena_query-raw-log-fields_3CA50361': 'aws_athena_named_query.raw_log_fields',
  'aws_athena_named_query.athena_query-recent-logs_1D6B15E3': 'aws_athena_named_query.recent_logs',
  'aws_athena_named_query.athena_query-request-trace_87BEE3E5': 'aws_athena_named_query.request_trace',
  'aws_athena_workgroup.athena_workgroup_43BFB787': 'aws_athena_workgroup.athena',
  'aws_cloudwatch_log_group.delivery_logs_group_34DE014B': 'aws_cloudwatch_log_group.firehose',
  'aws_cloudwatch_log_group.router-logs_group_C8FBB124': 'aws_cloudwatch_log_group.demo_log_router',
  'aws_cloudwatch_log_stream.delivery_log-stream-BackupDelivery_7AEA70CE': 'aws_cloudwatch_log_stream.firehose_backup_delivery',
  'aws_cloudwatch_log_stream.delivery_log-stream-DestinationDelivery_77A71E67':
    'aws_cloudwatch_log_stream.firehose_destination_delivery',
  'aws_ecs_service.demo_service_4D9C0DE9': 'aws_ecs_service.demo',
  'aws_ecs_task_definition.demo_task_DB40FE82': 'aws_ecs_task_definition.demo',
  'aws_iam_role.analytics-integration_data-access-role_D46EEE58': 'aws_iam_role.analytics_integration_data_access',
  'aws_iam_role.delivery_role_8708125C': 'aws_iam_role.firehose',
  'aws_iam_role.demo_execution-role_43250330': 'aws_iam_role.demo_execution',
  'aws_iam_role.demo_task-role_914D9834': 'aws_iam_role.demo_task',
  'aws_iam_role_policy.delivery_role_policy_CA90C18D': 'aws_iam_role_policy.firehose',
  'aws_iam_role_policy.demo_execution-role_policy_809FA25E': 'aws_iam_role_policy.demo_execution',
  'aws_iam_role_policy.demo_task-role_policy_36AA8783': 'aws_iam_role_policy.demo_task',
  'aws_iam_role_policy_attachment.analytics-integration_data-access-policy_C290C4EB':
    'aws_iam_role_policy_attachment.analytics_integration_data_access',
  'aws_kinesis_firehose_delivery_stream.delivery_stream_036AB1BA': 'aws_kinesis_firehose_delivery_stream.firehose',
  'aws_lakeformation_permissions.firehose-grant_permissions_2722C192':
    'aws_lakeformation_permissions.firehose_lakeformation_grant',
  'aws_lakeformation_resource.analytics-integration_registration_BABB9159': 'aws_lakeformation_resource.analytics_integration',
  'aws_s3_bucket.athena_results_bucket_0E478997': 'aws_s3_bucket.athena_results',
  'aws_s3_bucket.delivery_errors_bucket_CD61BDA5': 'aws_s3_bucket.firehose_errors',
  'aws_s3_bucket.firelens-config_bucket_F188A5E2': 'aws_s3_bucket.firelens_config',
  'aws_s3_bucket_lifecycle_configuration.athena_results_lifecycle_B59326C4':
    'aws_s3_bucket_lifecycle_configuration.athena_results',
  'aws_s3_bucket_lifecycle_configuration.delivery_errors_lifecycle_758CD6BD':
    'aws_s3_bucket_lifecycle_configuration.firehose_errors',
  'aws_s3_bucket_lifecycle_configuration.firelens-config_lifecycle_B22BCF37':
    'aws_s3_bucket_lifecycle_configuration.firelens_config',
  'aws_s3_bucket_ownership_controls.athena_results_ownership_14BBE12A': 'aws_s3_bucket_ownership_controls.athena_results',
  'aws_s3_bucket_ownership_controls.delivery_errors_ownership_4924DFD2': 'aws_s3_bucket_ownership_controls.firehose_errors',
  'aws_s3_bucket_ownership_controls.firelens-config_ownership_6DB5C7F1': 'aws_s3_bucket_ownership_controls.firelens_config',
  'aws_s3_bucket_policy.athena_results_policy_6E7DAA97': 'aws_s3_bucket_policy.athena_results',
  'aws_s3_bucket_policy.delivery_errors_policy_1C82691A': 'aws_s3_bucket_policy.firehose_errors',
  'aws_s3_bucket_policy.firelens-config_policy_92E391ED': 'aws_s3_bucket_policy.firelens_config',
  'aws_s3_bucket_public_access_block.athena_results_public-access_72D1665E': 'aws_s3_bucket_public_access_block.athena_results',
  'aws_s3_bucket_public_access_block.delivery_errors_public-access_02B20489': 'aws_s3_bucket_public_access_block.firehose_errors',
  'aws_s3_bucket_public_access_block.firelens-config_public-access_88D9F8D1': 'aws_s3_bucket_public_access_block.firelens_config',
  'aws_s3_bucket_server_side_encryption_configuration.athena_results_encryption_92919564':
    'aws_s3_bucket_server_side_encryption_configuration.athena_results',
  'aws_s3_bucket_server_side_encryption_configuration.delivery_errors_encryption_20BD08DC':
    'aws_s3_bucket_server_side_encryption_configuration.firehose_errors',
  'aws_s3_bucket_server_side_encryption_configuration.firelens-config_encryption_67F2575B':
    'aws_s3_bucket_server_side_encryption_configuration.firelens_config',
  'aws_s3_bucket_versioning.athena_results_versioning_0B5B7C12': 'aws_s3_bucket_versioning.athena_results',
  'aws_s3_bucket_versioning.delivery_errors_versioning_806AFEB8': 'aws_s3_bucket_versioning.firehose_errors',
  'aws_s3_bucket_versioning.firelens-config_versioning_A3FC3AAD': 'aws_s3_bucket_versioning.firelens_config',
  'aws_s3_object.firelens_filters_DE042125': 'aws_s3_object.firelens_filters',
  'aws_s3_object.firelens_parsers_D8A42514': 'aws_s3_object.firelens_parsers',
  'aws_s3tables_namespace.table_namespace_83122611': 'aws_s3tables_namespace.logs',
  'aws_s3tables_table.table_43360BC0': 'aws_s3tables_table.logs',
  'aws_s3tables_table_bucket.table_bucket_C1F947EC': 'aws_s3tables_table_bucket.logs',
  'null_resource.analytics-integration_catalog_951C2AB1': 'null_resource.analytics_integration_catalog',
  'null_resource.firehose-grant_AA238F89': 'null_resource.firehose_lakeformation_grant',
};
