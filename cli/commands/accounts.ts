/** The account selection options of findings, history and report (shared/pipeline/org-select.ts does the selecting). */
import type { AccountSelection } from '../../shared/pipeline/org-select.js';
import { options, stringOption, type Parsed } from '../args.js';

const accountIdProblem = (value: string) => (/^\d{12}$/.test(value) ? undefined : `expected a 12-digit account id (got "${value}")`);

export const ACCOUNT_OPTIONS = options({
  account: { type: 'string', valueName: 'ID', validate: accountIdProblem, description: 'only this account of the store', defaultText: 'every account in the store' },
  ou: { type: 'string', valueName: 'OU', description: 'only the accounts of this organizational unit, by id or name (as scan --org or the hub recorded it)', defaultText: 'every OU' },
  'account-name': { type: 'string', valueName: 'NAME', description: 'only accounts of this name (* matches anything)', defaultText: 'every name' },
});

export function accountSelection(parsed: Parsed): AccountSelection {
  const account = stringOption(parsed.values.account);
  const ou = stringOption(parsed.values.ou);
  const name = stringOption(parsed.values['account-name']);
  return { ...(account ? { account } : {}), ...(ou ? { ou } : {}), ...(name ? { name } : {}) };
}
