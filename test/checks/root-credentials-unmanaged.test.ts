import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { rootCredentialsUnmanaged } from '../../shared/checks/root-credentials-unmanaged.js';
import { ROOT_ARN, failures, run } from '../helpers/account.js';

describe('root-credentials-unmanaged', () => {
  it('fails when RootCredentialsManagement is not enabled, on the management account root', () => {
    expect(failures(rootCredentialsUnmanaged, { organizationsFeatures: { OrganizationId: 'o-abc123', EnabledFeatures: ['RootSessions'] } })).toEqual([
      {
        resource: ROOT_ARN,
        message: 'Organization o-abc123 does not manage member root credentials centrally (RootCredentialsManagement is off)',
        details: { organizationId: 'o-abc123', enabledFeatures: ['RootSessions'] },
      },
    ]);
    expect(failures(rootCredentialsUnmanaged, { organizationsFeatures: { EnabledFeatures: [] } })[0].message).toMatch(/^The organization does not/);
  });

  it('passes when it is enabled', () => {
    expect(failures(rootCredentialsUnmanaged, { organizationsFeatures: { OrganizationId: 'o-abc123', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] } })).toEqual([]);
  });

  it('near miss: only root sessions enabled is still unmanaged credentials; case matters as IAM spells it', () => {
    expect(failures(rootCredentialsUnmanaged, { organizationsFeatures: { EnabledFeatures: ['rootcredentialsmanagement'] } })).toHaveLength(1);
  });

  it('does not apply where the organization features were not read (an ordinary account)', () => {
    const e = run(CHECKS);
    expect(e.evaluatedChecks).not.toContain('root-credentials-unmanaged');
    expect(e.findings.map((f) => f.checkId)).not.toContain('root-credentials-unmanaged');
  });
});
