/** The account selection options of findings, history and report (shared/pipeline/org-select.ts does the selecting). */
import { UsageError } from '../../shared/errors.js';
import type { AccountSelection } from '../../shared/pipeline/org-select.js';
import { stringOption, type Parsed } from '../args.js';

export const ACCOUNT_OPTIONS = {
  /** only this account id */
  account: { type: 'string' },
  /** only the accounts of this OU, by id or name (as recorded by scan --org or the hub) */
  ou: { type: 'string' },
  /** only accounts of this name (* matches anything) */
  'account-name': { type: 'string' },
} as const;

export const ACCOUNT_USAGE = '[--account ID] [--ou OU] [--account-name NAME]';

export function accountSelection(parsed: Parsed): AccountSelection {
  const account = stringOption(parsed.values.account);
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new UsageError(`--account must be a 12-digit account id (got "${account}")`);
  const ou = stringOption(parsed.values.ou);
  const name = stringOption(parsed.values['account-name']);
  return { ...(account ? { account } : {}), ...(ou ? { ou } : {}), ...(name ? { name } : {}) };
}
