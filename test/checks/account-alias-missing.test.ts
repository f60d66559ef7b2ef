import { describe, expect, it } from 'vitest';
import { accountAliasMissing } from '../../shared/checks/account-alias-missing.js';
import { ACCOUNT, ROOT_ARN, failures, run } from '../helpers/account.js';

describe('account-alias-missing', () => {
  it('fails when the account has no alias', () => {
    const found = failures(accountAliasMissing, { aliases: [] });
    expect(found).toEqual([
      {
        resource: ROOT_ARN,
        message: `Account ${ACCOUNT} has no alias: its sign-in URL and alerts show only the account number`,
        details: { accountId: ACCOUNT },
      },
    ]);
  });

  it('passes with an alias', () => {
    expect(failures(accountAliasMissing, { aliases: ['example-corp'] })).toEqual([]);
  });

  it('is an info finding through the engine, and skipped when the aliases were not collected', () => {
    expect(run([accountAliasMissing], { aliases: [] }).findings.map((f) => f.severity)).toEqual(['info']);
    const e = run([accountAliasMissing], { omit: ['accountAliases'] });
    expect(e.findings).toEqual([]);
    expect(e.skippedChecks).toEqual([{ checkId: 'account-alias-missing', missing: ['accountAliases'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(accountAliasMissing).toMatchObject({ id: 'account-alias-missing', severity: 'info', resourceKinds: ['account'], inputs: ['accountAliases'] });
    expect(accountAliasMissing.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['IAMBestPractices account setup']);
    expect(accountAliasMissing.remediation.length).toBeGreaterThan(20);
  });
});
