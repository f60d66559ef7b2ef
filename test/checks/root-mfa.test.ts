import { describe, expect, it } from 'vitest';
import { rootMfa } from '../../shared/checks/root-mfa.js';
import { ROOT_ARN, failures, rootRow, run, userRow } from '../helpers/account.js';
import { accountWithoutRootRow } from '../helpers/credentials.js';

describe('root-mfa', () => {
  it('fails when the root user has no MFA', () => {
    const found = failures(rootMfa, { rows: [rootRow({ mfa_active: 'false' })] });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(found[0].qualifier).toBeUndefined();
    expect(found[0].message).toMatch(/root user has no MFA/);
    expect(found[0].details).toMatchObject({ mfaActive: false });
  });

  it('passes when the root user has MFA', () => {
    expect(failures(rootMfa, { rows: [rootRow()] })).toEqual([]);
  });

  it('near miss: an IAM user without MFA is not the root user', () => {
    expect(failures(rootMfa, { rows: [rootRow(), userRow('alice', { password_enabled: 'true', mfa_active: 'false' })] })).toEqual([]);
  });

  it('reports nothing when the report has no root row', () => {
    const snapshot = accountWithoutRootRow({ rows: [userRow('alice')] });
    expect(snapshot.credentialReport?.root).toBeUndefined();
    expect(failures(rootMfa, snapshot)).toEqual([]);
  });

  it('is skipped by the engine, with a gap for credentialReport.root, when the report has no root row', () => {
    const e = run([rootMfa], accountWithoutRootRow({ rows: [userRow('alice')] }));
    expect(e.findings).toEqual([]);
    expect(e.evaluatedChecks).toEqual([]);
    expect(e.skippedChecks).toEqual([{ checkId: 'root-mfa', missing: ['credentialReport.root'] }]);
    expect(e.gaps.map((g) => [g.input, g.skippedChecks])).toEqual([['credentialReport.root', ['root-mfa']]]);
  });

  it('is skipped by the engine when the credential report was not collected', () => {
    const e = run([rootMfa], { rows: [rootRow({ mfa_active: 'false' })], omit: ['credentialReport'] });
    expect(e.findings).toEqual([]);
    expect(e.skippedChecks).toEqual([{ checkId: 'root-mfa', missing: ['credentialReport'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(rootMfa).toMatchObject({ id: 'root-mfa', severity: 'critical', resourceKinds: ['account'], inputs: ['credentialReport', 'credentialReport.root'] });
    expect(rootMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS 1.5', 'SecurityHub IAM.9', 'AWSConfig root-account-mfa-enabled']);
    expect(rootMfa.remediation.length).toBeGreaterThan(20);
  });
});
