import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../cli/report/commands.js';
import { CATALOG } from '../../shared/catalog.js';

const commands = (text: string) => splitCommands(text).filter((p) => p.command).map((p) => p.text);

describe('splitCommands', () => {
  it('finds commands in prose and leaves sentence punctuation out', () => {
    expect(
      commands(
        'Create a new key (aws iam create-access-key --user-name <user>), move every consumer to it, deactivate the old one (aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive).',
      ),
    ).toEqual(['aws iam create-access-key --user-name <user>', 'aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive']);
  });

  it('keeps quoted values, alternative operations and a trailing ellipsis', () => {
    expect(commands(`Run aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All"}]'. Then`)).toEqual([
      `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All"}]'`,
    ]);
    expect(commands('then aws iam attach-user-policy (attach-group-policy, attach-role-policy) --policy-arn <arn> …; then')).toEqual([
      'aws iam attach-user-policy (attach-group-policy, attach-role-policy) --policy-arn <arn> …',
    ]);
  });

  it('stops at prose after the last argument', () => {
    expect(commands('aws iam detach-user-policy --user-name <user> --policy-arn <arn> for managed policies')).toEqual([
      'aws iam detach-user-policy --user-name <user> --policy-arn <arn>',
    ]);
    expect(commands('aws iam create-account-alias --account-alias <alias> (globally unique)')).toEqual(['aws iam create-account-alias --account-alias <alias>']);
  });

  it('loses no text, on every remediation in the catalog', () => {
    for (const entry of CATALOG.values()) expect(splitCommands(entry.remediation).map((p) => p.text).join('')).toBe(entry.remediation);
  });

  it('leaves text without commands whole', () => {
    expect(splitCommands('Sign in as root; use the AWS CLI.')).toEqual([{ text: 'Sign in as root; use the AWS CLI.', command: false }]);
  });
});
