import { describe, expect, it } from 'vitest';
import { rootHardwareMfa } from '../../shared/checks/root-hardware-mfa.js';
import { ACCOUNT, OTHER_ACCOUNT, ROOT_ARN, consoleUserRow, failures, rootRow, run, userArn } from '../helpers/account.js';
import { virtualMfa } from '../helpers/credentials.js';

describe('root-hardware-mfa', () => {
  it('fails when the root ARN is the User of a virtual MFA device', () => {
    const found = failures(rootHardwareMfa, { virtualMfaDevices: [virtualMfa('root-account-mfa-device', ROOT_ARN, 30)] });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(found[0].message).toContain(`arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`);
    expect(found[0].details).toEqual({
      devices: [{ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, enabledAt: '2026-10-02T00:00:00.000Z' }],
      hardwareDeviceBeside: false,
    });
    expect(found[0].message).toBe(`The root user's MFA is a virtual device (arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device), not a hardware one`);
  });

  it('says so when the virtual device sits beside what the account summary shows is another, non-virtual device', () => {
    // Two devices in use: root's virtual one and one more that no user's MFA accounts for.
    const spec = { virtualMfaDevices: [virtualMfa('root-phone', ROOT_ARN)], summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 } };
    const [found] = failures(rootHardwareMfa, spec);
    expect(found.message).toBe(
      `The root user has a virtual MFA device (arn:aws:iam::${ACCOUNT}:mfa/root-phone) assigned beside what appears to be a hardware one: either signs in, so remove the virtual one`,
    );
    expect(found.details).toMatchObject({ hardwareDeviceBeside: true });
  });

  it('near miss for the wording: the other device in use is a user\'s hardware MFA', () => {
    const spec = {
      rows: [rootRow(), consoleUserRow('alice')],
      virtualMfaDevices: [virtualMfa('root-phone', ROOT_ARN)],
      summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 },
    };
    expect(failures(rootHardwareMfa, spec)[0].details).toMatchObject({ hardwareDeviceBeside: false });
  });

  it('passes for a root user without credentials (centralized root access), whatever device is left', () => {
    const summary = { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 0 };
    expect(failures(rootHardwareMfa, { virtualMfaDevices: [virtualMfa('root-phone', ROOT_ARN)], summary })).toEqual([]);
  });

  it('near miss: a root password present, or an active root signing certificate, keeps the finding', () => {
    const devices = [virtualMfa('root-phone', ROOT_ARN)];
    expect(failures(rootHardwareMfa, { virtualMfaDevices: devices, summary: { AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 } })).toHaveLength(1);
    const withCert = { virtualMfaDevices: devices, rows: [rootRow({ cert_1_active: 'true' })], summary: { AccountAccessKeysPresent: 0, AccountPasswordPresent: 0 } };
    expect(failures(rootHardwareMfa, withCert)).toHaveLength(1);
  });

  it('reports one finding listing every virtual device of root', () => {
    const found = failures(rootHardwareMfa, { virtualMfaDevices: [virtualMfa('root-phone', ROOT_ARN), virtualMfa('root-tablet', ROOT_ARN)] });
    expect(found).toHaveLength(1);
    expect((found[0].details!.devices as unknown[]).length).toBe(2);
  });

  it('recognizes root in another partition by the account id', () => {
    const found = failures(rootHardwareMfa, { virtualMfaDevices: [virtualMfa('root-gov', `arn:aws-us-gov:iam::${ACCOUNT}:root`)] });
    expect(found.map((f) => f.resource)).toEqual([ROOT_ARN]);
  });

  it('passes with no virtual devices (hardware MFA, or none: root-mfa covers that)', () => {
    expect(failures(rootHardwareMfa, { virtualMfaDevices: [] })).toEqual([]);
  });

  it('near miss: virtual devices of IAM users, unassigned devices and another account\'s root', () => {
    const devices = [virtualMfa('alice', userArn('alice')), virtualMfa('spare', null), virtualMfa('other-root', `arn:aws:iam::${OTHER_ACCOUNT}:root`)];
    expect(failures(rootHardwareMfa, { virtualMfaDevices: devices })).toEqual([]);
  });

  it('is skipped without the credential report or the account summary: root without credentials needs both', () => {
    const devices = [virtualMfa('root-account-mfa-device', ROOT_ARN)];
    expect(run([rootHardwareMfa], { virtualMfaDevices: devices, omit: ['credentialReport'] }).skippedChecks).toEqual([
      { checkId: 'root-hardware-mfa', missing: ['credentialReport'] },
    ]);
    expect(run([rootHardwareMfa], { virtualMfaDevices: devices, omit: ['accountSummary'] }).skippedChecks).toEqual([
      { checkId: 'root-hardware-mfa', missing: ['accountSummary'] },
    ]);
  });

  it('is skipped when the virtual MFA devices were not collected', () => {
    const e = run([rootHardwareMfa], { omit: ['virtualMfaDevices'] });
    expect(e.skippedChecks).toEqual([{ checkId: 'root-hardware-mfa', missing: ['virtualMfaDevices'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(rootHardwareMfa).toMatchObject({ id: 'root-hardware-mfa', severity: 'medium', resourceKinds: ['account'], inputs: ['virtualMfaDevices', 'accountSummary', 'credentialReport', 'credentialReport.root'] });
    expect(rootHardwareMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.6', 'CIS v5.0.0 1.5', 'SecurityHub IAM.6', 'AWSConfig root-account-hardware-mfa-enabled']);
    expect(rootHardwareMfa.remediation.length).toBeGreaterThan(20);
  });
});
