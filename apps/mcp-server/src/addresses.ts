/**
 * Address renames of the MCP server's resources, previous address -> new address: the move from
 * cdktf's hashed addresses (a hash of the construct path, before stable names) to the stable names
 * of the state contract. `PlatformStack.addressMoves` turns each entry into a `moved` block, so a
 * plan against state deployed with the previous addresses moves every resource instead of
 * destroying it. Append, never rewrite: Terraform follows chains of `moved` blocks, and a state
 * written by any earlier release must keep a path to the current address.
 */
export const MCP_SERVER_ADDRESS_MOVES: Readonly<Record<string, string>> = {
  'aws_api_gateway_account.apigateway-account_5E587E20': 'aws_api_gateway_account.this',
  'aws_api_gateway_authorizer.rest_cognito-authorizer_1F1CCA75': 'aws_api_gateway_authorizer.cognito',
  'aws_api_gateway_deployment.rest_deployment_7A40EB2A': 'aws_api_gateway_deployment.this',
  'aws_api_gateway_gateway_response.rest_gateway-response-access-denied_E6B194C6':
    'aws_api_gateway_gateway_response.access_denied',
  'aws_api_gateway_gateway_response.rest_gateway-response-bad-request-body_3D2F1C01':
    'aws_api_gateway_gateway_response.bad_request_body',
  'aws_api_gateway_gateway_response.rest_gateway-response-default-4xx_58464DDE': 'aws_api_gateway_gateway_response.default_4xx',
  'aws_api_gateway_gateway_response.rest_gateway-response-default-5xx_961DB302': 'aws_api_gateway_gateway_response.default_5xx',
  'aws_api_gateway_gateway_response.rest_gateway-response-expired-token_0781329C':
    'aws_api_gateway_gateway_response.expired_token',
  'aws_api_gateway_gateway_response.rest_gateway-response-missing-authentication-token_3938BA46':
    'aws_api_gateway_gateway_response.missing_authentication_token',
  'aws_api_gateway_gateway_response.rest_gateway-response-unauthorized_3BC0E2B0': 'aws_api_gateway_gateway_response.unauthorized',
  'aws_api_gateway_integration.rest_integration-delete-mcp_8A56C840': 'aws_api_gateway_integration.mcp_delete',
  'aws_api_gateway_integration.rest_integration-get-mcp_0475C60C': 'aws_api_gateway_integration.mcp_get',
  'aws_api_gateway_integration.rest_integration-get-well-known-oauth-authorization-server_22E1CA93':
    'aws_api_gateway_integration.well_known_oauth_authorization_server_get',
  'aws_api_gateway_integration.rest_integration-get-well-known-oauth-protected-resource-mcp_FE5C398B':
    'aws_api_gateway_integration.well_known_oauth_protected_resource_mcp_get',
  'aws_api_gateway_integration.rest_integration-get-well-known-oauth-protected-resource_935CE1D3':
    'aws_api_gateway_integration.well_known_oauth_protected_resource_get',
  'aws_api_gateway_integration.rest_integration-options-mcp_7371E2AF': 'aws_api_gateway_integration.mcp_options',
  'aws_api_gateway_integration.rest_integration-options-register_A7BD4E95': 'aws_api_gateway_integration.register_options',
  'aws_api_gateway_integration.rest_integration-options-well-known-oauth-authorization-server_124B9E95':
    'aws_api_gateway_integration.well_known_oauth_authorization_server_options',
  'aws_api_gateway_integration.rest_integration-options-well-known-oauth-protected-resource-mcp_7406B6A3':
    'aws_api_gateway_integration.well_known_oauth_protected_resource_mcp_options',
  'aws_api_gateway_integration.rest_integration-options-well-known-oauth-protected-resource_86FC6886':
    'aws_api_gateway_integration.well_known_oauth_protected_resource_options',
  'aws_api_gateway_integration.rest_integration-post-mcp_3F485FB9': 'aws_api_gateway_integration.mcp_post',
  'aws_api_gateway_integration.rest_integration-post-register_CE82D547': 'aws_api_gateway_integration.register_post',
  'aws_api_gateway_integration_response.rest_integration-response-get-well-known-oauth-authorization-server-200_E7BE4902':
    'aws_api_gateway_integration_response.well_known_oauth_authorization_server_get_200',
  'aws_api_gateway_integration_response.rest_integration-response-get-well-known-oauth-protected-resource-200_13C010F5':
    'aws_api_gateway_integration_response.well_known_oauth_protected_resource_get_200',
  'aws_api_gateway_integration_response.rest_integration-response-get-well-known-oauth-protected-resource-mcp-200_B4F858DE':
    'aws_api_gateway_integration_response.well_known_oauth_protected_resource_mcp_get_200',
  'aws_api_gateway_integration_response.rest_integration-response-options-mcp-204_516DA132':
    'aws_api_gateway_integration_response.mcp_options_204',
  'aws_api_gateway_integration_response.rest_integration-response-options-register-204_C215C814':
    'aws_api_gateway_integration_response.register_options_204',
  'aws_api_gateway_integration_response.rest_integration-response-options-well-known-oauth-authorization-server-204_6FF7ED71':
    'aws_api_gateway_integration_response.well_known_oauth_authorization_server_options_204',
  'aws_api_gateway_integration_response.rest_integration-response-options-well-known-oauth-protected-resource-204_E293E9A4':
    'aws_api_gateway_integration_response.well_known_oauth_protected_resource_options_204',
  'aws_api_gateway_integration_response.rest_integration-response-options-well-known-oauth-protected-resource-mcp-204_D981FD04':
    'aws_api_gateway_integration_response.well_known_oauth_protected_resource_mcp_options_204',
  'aws_api_gateway_integration_response.rest_integration-response-post-register-201_C454AD04':
    'aws_api_gateway_integration_response.register_post_201',
  'aws_api_gateway_integration_response.rest_integration-response-post-register-400_802EC49C':
    'aws_api_gateway_integration_response.register_post_400',
  'aws_api_gateway_integration_response.rest_integration-response-post-register-500_A0345B21':
    'aws_api_gateway_integration_response.register_post_500',
  'aws_api_gateway_method.rest_method-delete-mcp_9A9282C5': 'aws_api_gateway_method.mcp_delete',
  'aws_api_gateway_method.rest_method-get-mcp_2FE471DF': 'aws_api_gateway_method.mcp_get',
  'aws_api_gateway_method.rest_method-get-well-known-oauth-authorization-server_68C600EC':
    'aws_api_gateway_method.well_known_oauth_authorization_server_get',
  'aws_api_gateway_method.rest_method-get-well-known-oauth-protected-resource-mcp_D068CF2C':
    'aws_api_gateway_method.well_known_oauth_protected_resource_mcp_get',
  'aws_api_gateway_method.rest_method-get-well-known-oauth-protected-resource_11D8E53A':
    'aws_api_gateway_method.well_known_oauth_protected_resource_get',
  'aws_api_gateway_method.rest_method-options-mcp_AC86C72A': 'aws_api_gateway_method.mcp_options',
  'aws_api_gateway_method.rest_method-options-register_FD481557': 'aws_api_gateway_method.register_options',
  'aws_api_gateway_method.rest_method-options-well-known-oauth-authorization-server_FEFBB86D':
    'aws_api_gateway_method.well_known_oauth_authorization_server_options',
  'aws_api_gateway_method.rest_method-options-well-known-oauth-protected-resource-mcp_85C5EF46':
    'aws_api_gateway_method.well_known_oauth_protected_resource_mcp_options',
  'aws_api_gateway_method.rest_method-options-well-known-oauth-protected-resource_43F49842':
    'aws_api_gateway_method.well_known_oauth_protected_resource_options',
  'aws_api_gateway_method.rest_method-post-mcp_A3714401': 'aws_api_gateway_method.mcp_post',
  'aws_api_gateway_method.rest_method-post-register_40D194A8': 'aws_api_gateway_method.register_post',
  'aws_api_gateway_method_response.rest_method-response-get-well-known-oauth-authorization-server-200_D330AB26':
    'aws_api_gateway_method_response.well_known_oauth_authorization_server_get_200',
  'aws_api_gateway_method_response.rest_method-response-get-well-known-oauth-protected-resource-200_1126872A':
    'aws_api_gateway_method_response.well_known_oauth_protected_resource_get_200',
  'aws_api_gateway_method_response.rest_method-response-get-well-known-oauth-protected-resource-mcp-200_0F639B93':
    'aws_api_gateway_method_response.well_known_oauth_protected_resource_mcp_get_200',
  'aws_api_gateway_method_response.rest_method-response-options-mcp-204_47E1E703':
    'aws_api_gateway_method_response.mcp_options_204',
  'aws_api_gateway_method_response.rest_method-response-options-register-204_F1272E78':
    'aws_api_gateway_method_response.register_options_204',
  'aws_api_gateway_method_response.rest_method-response-options-well-known-oauth-authorization-server-204_11A7A0C8':
    'aws_api_gateway_method_response.well_known_oauth_authorization_server_options_204',
  'aws_api_gateway_method_response.rest_method-response-options-well-known-oauth-protected-resource-204_0F909950':
    'aws_api_gateway_method_response.well_known_oauth_protected_resource_options_204',
  'aws_api_gateway_method_response.rest_method-response-options-well-known-oauth-protected-resource-mcp-204_0FB47969':
    'aws_api_gateway_method_response.well_known_oauth_protected_resource_mcp_options_204',
  'aws_api_gateway_method_response.rest_method-response-post-register-201_57153357':
    'aws_api_gateway_method_response.register_post_201',
  'aws_api_gateway_method_response.rest_method-response-post-register-400_7FA7CE52':
    'aws_api_gateway_method_response.register_post_400',
  'aws_api_gateway_method_response.rest_method-response-post-register-429_091DFFA2':
    'aws_api_gateway_method_response.register_post_429',
  'aws_api_gateway_method_response.rest_method-response-post-register-500_A1F716E9':
    'aws_api_gateway_method_response.register_post_500',
  'aws_api_gateway_method_response.rest_method-response-post-register-503_24F6642F':
    'aws_api_gateway_method_response.register_post_503',
  'aws_api_gateway_method_settings.rest_throttle-default_94EE9119': 'aws_api_gateway_method_settings.all',
  'aws_api_gateway_method_settings.rest_throttle-register_16097C2F': 'aws_api_gateway_method_settings.register_post',
  'aws_api_gateway_model.rest_dcr-model_A2B7E60A': 'aws_api_gateway_model.dcr_request',
  'aws_api_gateway_request_validator.rest_dcr-validator_ED22E219': 'aws_api_gateway_request_validator.body',
  'aws_api_gateway_resource.rest_resource-mcp_9D861A73': 'aws_api_gateway_resource.mcp',
  'aws_api_gateway_resource.rest_resource-register_6DB22798': 'aws_api_gateway_resource.register',
  'aws_api_gateway_resource.rest_resource-well-known-oauth-authorization-server_87C226F2':
    'aws_api_gateway_resource.well_known_oauth_authorization_server',
  'aws_api_gateway_resource.rest_resource-well-known-oauth-protected-resource-mcp_6EA08E42':
    'aws_api_gateway_resource.well_known_oauth_protected_resource_mcp',
  'aws_api_gateway_resource.rest_resource-well-known-oauth-protected-resource_F5B9887E':
    'aws_api_gateway_resource.well_known_oauth_protected_resource',
  'aws_api_gateway_resource.rest_resource-well-known_D087B939': 'aws_api_gateway_resource.well_known',
  'aws_api_gateway_rest_api.rest_api_857A4092': 'aws_api_gateway_rest_api.this',
  'aws_api_gateway_stage.rest_stage_63DDDE7F': 'aws_api_gateway_stage.this',
  'aws_apigatewayv2_api.front_api_70E3AA51': 'aws_apigatewayv2_api.front',
  'aws_apigatewayv2_integration.front_integration-mcp_A9841BD5': 'aws_apigatewayv2_integration.mcp',
  'aws_apigatewayv2_integration.front_integration-register_F7C0062A': 'aws_apigatewayv2_integration.register',
  'aws_apigatewayv2_integration.front_integration-well-known-oauth-authorization-server_06401C4A':
    'aws_apigatewayv2_integration.well_known_oauth_authorization_server',
  'aws_apigatewayv2_integration.front_integration-well-known-oauth-protected-resource-mcp_A258204B':
    'aws_apigatewayv2_integration.well_known_oauth_protected_resource_mcp',
  'aws_apigatewayv2_integration.front_integration-well-known-oauth-protected-resource_9B6E2A97':
    'aws_apigatewayv2_integration.well_known_oauth_protected_resource',
  'aws_apigatewayv2_route.front_route-mcp_B420FB52': 'aws_apigatewayv2_route.mcp',
  'aws_apigatewayv2_route.front_route-register_A27F42FA': 'aws_apigatewayv2_route.register',
  'aws_apigatewayv2_route.front_route-well-known-oauth-authorization-server_6B1A1603':
    'aws_apigatewayv2_route.well_known_oauth_authorization_server',
  'aws_apigatewayv2_route.front_route-well-known-oauth-protected-resource-mcp_99A6FB58':
    'aws_apigatewayv2_route.well_known_oauth_protected_resource_mcp',
  'aws_apigatewayv2_route.front_route-well-known-oauth-protected-resource_254D2999':
    'aws_apigatewayv2_route.well_known_oauth_protected_resource',
  'aws_apigatewayv2_stage.front_stage_FB4E20DE': 'aws_apigatewayv2_stage.front',
  'aws_cloudwatch_log_group.front_access-logs_group_E1768108': 'aws_cloudwatch_log_group.front_access',
  'aws_cloudwatch_log_group.rest_access-logs_group_0B59820B': 'aws_cloudwatch_log_group.rest_access',
  'aws_cloudwatch_log_group.tools_logs_group_FE02C21F': 'aws_cloudwatch_log_group.tools',
  'aws_cognito_resource_server.auth_resource-server_B13D534B': 'aws_cognito_resource_server.this',
  'aws_cognito_user_pool.auth_pool_104A0DB0': 'aws_cognito_user_pool.this',
  'aws_cognito_user_pool_client.auth_client_1F1CDD0E': 'aws_cognito_user_pool_client.pre_registered',
  'aws_cognito_user_pool_domain.auth_domain_DBA328BA': 'aws_cognito_user_pool_domain.this',
  'aws_iam_role.apigateway-account_role_4928CA72': 'aws_iam_role.apigateway_cloudwatch',
  'aws_iam_role.rest_registration-role_797F1888': 'aws_iam_role.registration',
  'aws_iam_role.tools_role_90E9871C': 'aws_iam_role.tools',
  'aws_iam_role_policy.apigateway-account_role_policy_1C86485C': 'aws_iam_role_policy.apigateway_cloudwatch',
  'aws_iam_role_policy.rest_registration-role_policy_86EC7EC7': 'aws_iam_role_policy.registration',
  'aws_iam_role_policy.tools_role_policy_AC511E85': 'aws_iam_role_policy.tools',
  'aws_lakeformation_permissions.log-access_table-grant_permissions_515C1FC4':
    'aws_lakeformation_permissions.tools_lakeformation_grant',
  'aws_lambda_function.tools_function_B7473E10': 'aws_lambda_function.tools',
  'aws_lambda_permission.tools_invoke-from-rest-api_D42B17EA': 'aws_lambda_permission.tools_invoke_from_rest_api',
  'null_resource.log-access_table-grant_356E5736': 'null_resource.tools_lakeformation_grant',
};

/**
 * Addresses whose deployed object is forgotten, never destroyed, address -> why.
 * `PlatformStack.addressRemovals` turns each into a `removed` block with `lifecycle { destroy = false }`
 * (Terraform >= 1.7); the hashed addresses above still move to them, so state from any earlier
 * release reaches the block.
 *
 * The `/mcp` POST, GET and DELETE integrations were Lambda proxy integrations (`AWS_PROXY`) at
 * `aws_api_gateway_integration.mcp_<method>`; they are now non-proxy (`AWS`, mapping templates) at
 * `aws_api_gateway_integration.mcp_<method>_template`. Kept at the old address, the type change
 * forces a replacement, which the deployment's create_before_destroy turns into create-then-delete:
 * PutIntegration on the same REST API, resource and method, then DeleteIntegration of that same
 * key, leaving `/mcp` with no integration (terraform-provider-aws #21907). Forgotten instead, the
 * old integration is overwritten in place by the new address's PutIntegration. Append, never
 * rewrite.
 */
export const MCP_SERVER_ADDRESS_REMOVALS: Readonly<Record<string, string>> = {
  'aws_api_gateway_integration.mcp_delete':
    'proxy-era DELETE /mcp integration, overwritten in place by aws_api_gateway_integration.mcp_delete_template',
  'aws_api_gateway_integration.mcp_get':
    'proxy-era GET /mcp integration, overwritten in place by aws_api_gateway_integration.mcp_get_template',
  'aws_api_gateway_integration.mcp_post':
    'proxy-era POST /mcp integration, overwritten in place by aws_api_gateway_integration.mcp_post_template',
};
