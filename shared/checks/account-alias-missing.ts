import type { Check } from '../model.js';

export const accountAliasMissing: Check = {
  id: 'account-alias-missing',
  title: 'Account has no alias',
  severity: 'info',
  practice:
    'Give the account an alias, so users sign in at a recognisable URL (https://<alias>.signin.aws.amazon.com/console) and alerts and reports name the account in words, not just a 12-digit number.',
  references: [{ standard: 'IAMBestPractices', id: 'account setup' }],
  remediation: 'aws iam create-account-alias --account-alias <alias> (globally unique; lowercase letters, digits and hyphens)',
  inputs: ['accountAliases'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const aliases = snapshot.accountAliases;
    if (!aliases || aliases.length > 0) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: `Account ${snapshot.accountId} has no alias: its sign-in URL and alerts show only the account number`,
        details: { accountId: snapshot.accountId },
      },
    ];
  },
};
