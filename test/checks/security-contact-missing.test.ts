import { describe, expect, it } from 'vitest';
import { securityContactMissing } from '../../shared/checks/security-contact-missing.js';
import { ROOT_ARN, failures, goodSecurityContact, run } from '../helpers/account.js';

describe('security-contact-missing', () => {
  it('fails when no SECURITY alternate contact is registered ({"AlternateContact": null})', () => {
    expect(failures(securityContactMissing, { securityContact: null })).toEqual([
      {
        resource: ROOT_ARN,
        message: "Account 111122223333 has no SECURITY alternate contact: AWS security notices reach only the account owner's address",
        details: { alternateContactType: 'SECURITY', found: null },
      },
    ]);
  });

  it('passes with a SECURITY contact', () => {
    expect(failures(securityContactMissing, { securityContact: goodSecurityContact })).toEqual([]);
  });

  it('near miss: a contact of another type answers nothing about security', () => {
    expect(failures(securityContactMissing, { securityContact: { ...goodSecurityContact, AlternateContactType: 'BILLING' } })).toHaveLength(1);
  });

  it('is skipped when security-contact.json was not collected', () => {
    expect(run([securityContactMissing], { omit: ['securityContact'] }).skippedChecks).toEqual([{ checkId: 'security-contact-missing', missing: ['securityContact'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(securityContactMissing).toMatchObject({ id: 'security-contact-missing', severity: 'low', inputs: ['securityContact'] });
    expect(securityContactMissing.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.2', 'SecurityHub Account.1']);
  });
});
