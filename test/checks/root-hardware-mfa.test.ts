import { describe, expect, it } from 'vitest';
import { rootHardwareMfa } from '../../shared/checks/root-hardware-mfa.js';
import { ACCOUNT, OTHER_ACCOUNT, ROOT_ARN, failures, run, userArn } from '../helpers/account.js';
import { virtualMfa } from '../helpers/credentials.js';

describe('root-hardware-mfa', () => {
  it('fails when the root ARN is the User of a virtual MFA device', () => {
    const found = failures(rootHardwareMfa, { virtualMfaDevices: [virtualMfa('root-account-mfa-device', ROOT_ARN, 30)] });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(found[0].message).toContain(`arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`);
    expect(found[0].details).toEqual({
      devices: [{ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, enabledAt: '2026-10-02T00:00:00.000Z' }],
    });
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

  it('needs only the virtual MFA devices: runs without the credential report', () => {
    const e = run([rootHardwareMfa], { virtualMfaDevices: [virtualMfa('root-account-mfa-device', ROOT_ARN)], omit: ['credentialReport'] });
    expect(e.evaluatedChecks).toEqual(['root-hardware-mfa']);
    expect(e.findings.map((f) => f.resource)).toEqual([ROOT_ARN]);
  });

  it('is skipped when the virtual MFA devices were not collected', () => {
    const e = run([rootHardwareMfa], { omit: ['virtualMfaDevices'] });
    expect(e.skippedChecks).toEqual([{ checkId: 'root-hardware-mfa', missing: ['virtualMfaDevices'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(rootHardwareMfa).toMatchObject({ id: 'root-hardware-mfa', severity: 'medium', resourceKinds: ['account'], inputs: ['virtualMfaDevices'] });
    expect(rootHardwareMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS 1.6', 'SecurityHub IAM.6', 'AWSConfig root-account-hardware-mfa-enabled']);
    expect(rootHardwareMfa.remediation.length).toBeGreaterThan(20);
  });
});
