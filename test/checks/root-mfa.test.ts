import { describe, expect, it } from 'vitest';
import { rootMfa } from '../../shared/checks/root-mfa.js';
import { ROOT_ARN, failures, rootRow, run, userRow, type AccountSpec } from '../helpers/account.js';
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

  it('passes for a root user without credentials (centralized root access): no password, no key, no certificate', () => {
    const summary = { AccountMFAEnabled: 0, AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 };
    expect(failures(rootMfa, { rows: [rootRow({ mfa_active: 'false', password_last_used: 'N/A' })], summary })).toEqual([]);
  });

  it('near misses of root without credentials: a password, a key in the summary, an active key or certificate in the report', () => {
    const noMfa = rootRow({ mfa_active: 'false' });
    const cases: AccountSpec[] = [
      { rows: [noMfa], summary: { AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 } },
      { rows: [noMfa], summary: { AccountPasswordPresent: 0, AccountAccessKeysPresent: 1 } },
      { rows: [rootRow({ mfa_active: 'false', access_key_2_active: 'true' })], summary: { AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 } },
      { rows: [rootRow({ mfa_active: 'false', cert_2_active: 'true' })], summary: { AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 } },
      // A summary without AccountPasswordPresent says nothing about the password.
      { rows: [noMfa], summary: { AccountAccessKeysPresent: 0 } },
    ];
    for (const spec of cases) expect(failures(rootMfa, spec), JSON.stringify(spec)).toHaveLength(1);
  });

  it('is skipped without the account summary, which tells a root user without credentials', () => {
    expect(run([rootMfa], { rows: [rootRow({ mfa_active: 'false' })], omit: ['accountSummary'] }).skippedChecks).toEqual([
      { checkId: 'root-mfa', missing: ['accountSummary'] },
    ]);
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
    expect(rootMfa).toMatchObject({ id: 'root-mfa', severity: 'critical', resourceKinds: ['account'], inputs: ['credentialReport', 'credentialReport.root', 'accountSummary'] });
    expect(rootMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.5', 'CIS v5.0.0 1.4', 'SecurityHub IAM.9', 'AWSConfig root-account-mfa-enabled']);
    expect(rootMfa.remediation.length).toBeGreaterThan(20);
  });
});
