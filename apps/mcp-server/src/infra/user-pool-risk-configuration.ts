import { CognitoRiskConfiguration } from '@cdktf/provider-aws/lib/cognito-risk-configuration';
import { AddressableProps, addressNameOf, setAddress } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface UserPoolRiskConfigurationProps extends AddressableProps {
  /** The pool, in threat protection `ENFORCED` mode (Plus tier). */
  readonly userPoolId: string;
}

/**
 * What threat protection in `ENFORCED` mode does, written down instead of left to defaults
 * (Cognito API Reference, SetRiskConfiguration, AccountTakeoverActionType): sign-ins, sign-ups and
 * password changes with credentials known to be compromised are blocked; a medium-risk sign-in
 * gets an MFA challenge when the user has MFA (`MFA_IF_CONFIGURED`), a high-risk one needs MFA or
 * is blocked (`MFA_REQUIRED`), low risk passes. No risk e-mails (`notify: false`): they need an
 * SES identity this stack does not have. Address: `aws_cognito_risk_configuration.<addressName>`.
 */
export class UserPoolRiskConfiguration extends Construct {
  readonly riskConfiguration: CognitoRiskConfiguration;

  constructor(scope: Construct, id: string, props: UserPoolRiskConfigurationProps) {
    super(scope, id);
    this.riskConfiguration = setAddress(
      new CognitoRiskConfiguration(this, 'risk', {
        userPoolId: props.userPoolId,
        compromisedCredentialsRiskConfiguration: {
          eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
          actions: { eventAction: 'BLOCK' },
        },
        accountTakeoverRiskConfiguration: {
          actions: {
            lowAction: { eventAction: 'NO_ACTION', notify: false },
            mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
            highAction: { eventAction: 'MFA_REQUIRED', notify: false },
          },
        },
      }),
      addressNameOf(id, props),
    );
  }
}
