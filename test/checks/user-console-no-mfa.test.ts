import { describe, expect, it } from 'vitest';
import { userConsoleNoMfa } from '../../shared/checks/user-console-no-mfa.js';
import { activeKey, consoleUserRow, failures, rootRow, run, userArn, userDetail, userRow } from '../helpers/account.js';
import { adminGroups, adminUser } from '../helpers/credentials.js';

const noMfa = (name: string) => consoleUserRow(name, { mfa_active: 'false' });

describe('user-console-no-mfa', () => {
  it('fails for a console user without MFA and without admin rights', () => {
    const found = failures(userConsoleNoMfa, { rows: [noMfa('alice')], users: [userDetail('alice')] });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(userArn('alice'));
    expect(found[0].qualifier).toBeUndefined();
    expect(found[0].message).toBe('alice has a console password and no MFA device');
    expect(found[0].details).toMatchObject({ passwordLastChanged: '2026-10-22T00:00:00.000Z', adminRightsKnown: true });
  });

  it('passes for console users with MFA', () => {
    expect(failures(userConsoleNoMfa, { rows: [consoleUserRow('alice')], users: [userDetail('alice')] })).toEqual([]);
  });

  it('near miss: no MFA but no console password either (a key-only user)', () => {
    expect(failures(userConsoleNoMfa, { rows: [userRow('ci', activeKey(1, 10))], users: [userDetail('ci')] })).toEqual([]);
  });

  it('never applies to root', () => {
    expect(failures(userConsoleNoMfa, { rows: [rootRow({ mfa_active: 'false', password_enabled: 'true' })] })).toEqual([]);
  });

  it('leaves an administrator to privileged-user-no-mfa', () => {
    const spec = { rows: [noMfa('alice'), noMfa('bob')], users: [adminUser('alice'), userDetail('bob')], groups: adminGroups() };
    expect(failures(userConsoleNoMfa, spec).map((f) => f.resource)).toEqual([userArn('bob')]);
  });

  it('reports an administrator here when the authorization details were not collected', () => {
    const e = run([userConsoleNoMfa], { rows: [noMfa('alice')], users: [adminUser('alice')], groups: adminGroups(), omit: ['authorizationDetails'] });
    expect(e.evaluatedChecks).toEqual(['user-console-no-mfa']);
    expect(e.findings.map((f) => f.resource)).toEqual([userArn('alice')]);
    expect(e.findings[0].details).toMatchObject({ adminRightsKnown: false });
  });

  it('reports a user missing from the authorization details (rights unknown)', () => {
    expect(failures(userConsoleNoMfa, { rows: [noMfa('new-hire')], users: [] }).map((f) => f.resource)).toEqual([userArn('new-hire')]);
  });

  it('carries its catalog metadata', () => {
    expect(userConsoleNoMfa).toMatchObject({ id: 'user-console-no-mfa', severity: 'high', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(userConsoleNoMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.10', 'CIS v5.0.0 1.9', 'SecurityHub IAM.5', 'AWSConfig mfa-enabled-for-iam-console-access']);
    expect(userConsoleNoMfa.remediation.length).toBeGreaterThan(20);
  });
});
