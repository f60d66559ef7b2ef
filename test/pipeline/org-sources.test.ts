/** Re-evaluation in an organization: in the event's account through its audit role, the hub's own with its own role. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../../shared/config/schema.js';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { organizationEntitySource } from '../../shared/pipeline/org-sources.js';
import { NOW, rawAccount, userDetail, consoleUserRow } from '../helpers/account.js';
import { fakeOrganization, type FakeOrganization } from '../helpers/organization.js';

let org: FakeOrganization | undefined;
afterEach(() => org?.restore());

describe('organizationEntitySource', () => {
  it('reads the entity in the account its ARN names, through that account\'s role; the caller\'s own account with its own source', async () => {
    org = fakeOrganization(
      [
        { id: '111111111111', name: 'hub', raw: rawAccount() },
        { id: '222222222222', name: 'prod', raw: rawAccount({ rows: [consoleUserRow('quinn', { mfa_active: 'false' })], users: [userDetail('quinn', { GroupList: ['Staff'] })] }) },
      ],
      { callerAccount: '111111111111' },
    );
    const ownCalls: string[] = [];
    const own = { reevaluate: async (ref: { arn: string }) => (ownCalls.push(ref.arn), { evaluation: { findings: [] } as unknown as Evaluation }) };
    const source = organizationEntitySource(org.access, own);
    const e = await source.reevaluate({ kind: 'user', name: 'quinn', arn: 'arn:aws:iam::222222222222:user/quinn' }, makeConfig({}), NOW);
    expect(e.evaluation.account).toBe('222222222222');
    expect(e.evaluation.findings.map((f) => f.checkId)).toContain('user-console-no-mfa');
    await source.reevaluate({ kind: 'user', name: 'alice', arn: 'arn:aws:iam::111111111111:user/alice' }, makeConfig({}), NOW);
    expect(ownCalls).toEqual(['arn:aws:iam::111111111111:user/alice']);
    expect(org.assumed).toEqual(['arn:aws:iam::222222222222:role/iam-sentinel-audit']);
  });

  it('an account without the role is an error for that event (the next audit decides), not a crash of the batch', async () => {
    org = fakeOrganization([{ id: '111111111111', name: 'hub', raw: rawAccount() }, { id: '333333333333', name: 'orphan' }]);
    const source = organizationEntitySource(org.access);
    await expect(source.reevaluate({ kind: 'user', name: 'x', arn: 'arn:aws:iam::333333333333:user/x' }, makeConfig({}), NOW)).rejects.toThrow(/cannot assume/);
  });
});
