import { describe, expect, it } from 'vitest';
import { mfaRemoved } from '../../shared/detections/mfa-removed.js';
import { ROOT_ARN, iamCall, iamUserConsole, matchOf, root, userArn } from './records.js';

const serial = (name: string) => `arn:aws:iam::111122223333:mfa/${name}`;

describe('mfa-removed', () => {
  it('fires when an MFA device is deactivated for a user', () => {
    const record = iamCall('DeactivateMFADevice', { userIdentity: iamUserConsole('quinn'), requestParameters: { userName: 'quinn', serialNumber: serial('quinn') } });
    expect(matchOf(mfaRemoved, record)).toEqual({
      resource: userArn('quinn'),
      message: `MFA device ${serial('quinn')} was deactivated for ${userArn('quinn')}`,
    });
  });

  it('fires when root deactivates its own device (no userName)', () => {
    const record = iamCall('DeactivateMFADevice', { userIdentity: root(), requestParameters: { serialNumber: serial('root-account-mfa-device') } });
    expect(matchOf(mfaRemoved, record)?.resource).toBe(ROOT_ARN);
  });

  it('fires when a virtual MFA device is deleted', () => {
    const record = iamCall('DeleteVirtualMFADevice', { requestParameters: { serialNumber: serial('quinn') } });
    expect(matchOf(mfaRemoved, record)).toEqual({ resource: serial('quinn'), message: `Virtual MFA device ${serial('quinn')} was deleted` });
  });

  it('near miss: a failed deactivation, and enabling a device', () => {
    expect(
      matchOf(mfaRemoved, iamCall('DeactivateMFADevice', { requestParameters: { userName: 'quinn', serialNumber: serial('quinn') }, errorCode: 'AccessDenied' })),
    ).toBeNull();
    expect(matchOf(mfaRemoved, iamCall('DeleteVirtualMFADevice', { requestParameters: { serialNumber: serial('quinn') }, errorCode: 'DeleteConflict' }))).toBeNull();
    expect(matchOf(mfaRemoved, iamCall('EnableMFADevice', { requestParameters: { userName: 'quinn', serialNumber: serial('quinn') } }))).toBeNull();
  });
});
