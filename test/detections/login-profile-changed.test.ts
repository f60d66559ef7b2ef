import { describe, expect, it } from 'vitest';
import { loginProfileChanged } from '../../shared/detections/login-profile-changed.js';
import { iamCall, iamUserConsole, matchOf, userArn } from './records.js';

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

describe('login-profile-changed', () => {
  it('fires when a console password is set', () => {
    const record = iamCall('CreateLoginProfile', { requestParameters: { userName: 'build-agent', password: HIDDEN, passwordResetRequired: false } });
    expect(matchOf(loginProfileChanged, record)).toEqual({ resource: userArn('build-agent'), message: `Console password set for ${userArn('build-agent')}` });
  });

  it('fires when a console password is reset', () => {
    const record = iamCall('UpdateLoginProfile', { requestParameters: { userName: 'quinn', password: HIDDEN, passwordResetRequired: true } });
    expect(matchOf(loginProfileChanged, record)?.message).toBe(`Console password reset for ${userArn('quinn')} (change required at next sign-in)`);
  });

  it('near miss: a failed reset', () => {
    expect(matchOf(loginProfileChanged, iamCall('UpdateLoginProfile', { requestParameters: { userName: 'quinn', password: HIDDEN }, errorCode: 'AccessDenied' }))).toBeNull();
  });

  it('near miss: a user changing its own password, and removing console access', () => {
    expect(matchOf(loginProfileChanged, iamCall('ChangePassword', { userIdentity: iamUserConsole('quinn'), requestParameters: { oldPassword: HIDDEN, newPassword: HIDDEN } }))).toBeNull();
    expect(matchOf(loginProfileChanged, iamCall('DeleteLoginProfile', { requestParameters: { userName: 'quinn' } }))).toBeNull();
  });
});
