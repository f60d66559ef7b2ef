import { describe, expect, it } from 'vitest';
import { consoleLoginNoMfa } from '../../shared/detections/console-login-no-mfa.js';
import {
  ROOT_ARN,
  assumedRole,
  consoleLogin,
  federatedUser,
  iamUserConsole,
  identityCenterUser,
  matchOf,
  root,
  userArn,
} from './records.js';

describe('console-login-no-mfa', () => {
  it('fires on an IAM user signing in without MFA', () => {
    expect(matchOf(consoleLoginNoMfa, consoleLogin(iamUserConsole('quinn'), { mfaUsed: 'No' }))).toEqual({
      resource: userArn('quinn'),
      message: 'IAM user quinn signed in to the console without MFA from 203.0.113.55',
    });
  });

  it('fires on the root user signing in without MFA', () => {
    expect(matchOf(consoleLoginNoMfa, consoleLogin(root(), { mfaUsed: 'No' }))?.resource).toBe(ROOT_ARN);
  });

  it('near miss: a sign-in with MFA', () => {
    expect(matchOf(consoleLoginNoMfa, consoleLogin(iamUserConsole('quinn'), { mfaUsed: 'Yes' }))).toBeNull();
  });

  it('near miss: a failed sign-in without MFA', () => {
    expect(matchOf(consoleLoginNoMfa, consoleLogin(iamUserConsole('quinn'), { mfaUsed: 'No', success: false }))).toBeNull();
  });

  it('near miss: federated and SSO sign-ins are not IAM users', () => {
    const saml = consoleLogin(assumedRole('AdminRole', 'alice@example.com'), {
      extra: { SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' },
    });
    expect(matchOf(consoleLoginNoMfa, saml)).toBeNull();
    expect(matchOf(consoleLoginNoMfa, consoleLogin(federatedUser('bob')))).toBeNull();
    expect(matchOf(consoleLoginNoMfa, consoleLogin(identityCenterUser()))).toBeNull();
  });
});
