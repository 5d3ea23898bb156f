import { PreTokenGenerationV2Event } from '../../../src/lambda/mfa-scope-trigger';

/** A V2_0 event as Cognito sends it (Cognito Developer Guide, "Pre token generation Lambda trigger"). */
export function preTokenEvent(
  scopes: string[] | undefined,
  overrides: Partial<PreTokenGenerationV2Event> = {},
): PreTokenGenerationV2Event {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_abc',
    userName: 'user-1',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
    request: {
      userAttributes: { sub: 'u-1', email: 'a@example.com' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      ...(scopes ? { scopes } : {}),
    },
    response: { claimsAndScopeOverrideDetails: null },
    ...overrides,
  };
}
