/**
 * The synthetic accounts the benchmark runs on, generated deterministically
 * (generate-account.ts) and written as snapshot folders, exactly as
 * `iam-sentinel snapshot --out` would write them.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSnapshotFolder } from '../shared/snapshot/folder.js';
import type { RawSnapshot } from '../shared/snapshot/types.js';
import { DEFAULT_NOW, generateAccount } from './generate-account.js';

export interface AccountSize {
  readonly users: number;
  /** Customer managed policies. */
  readonly policies: number;
}

export interface BenchAccount {
  readonly label: string;
  readonly dir: string;
  readonly raw: RawSnapshot;
  /** When the snapshot was taken: every check runs at this `now`. */
  readonly now: Date;
  readonly users: number;
  readonly roles: number;
  readonly policies: number;
  readonly groups: number;
  /** Bytes of every file in the snapshot folder. */
  readonly snapshotBytes: number;
}

/** A short name for a user count: 1000 → "1k". */
export const sizeLabel = (users: number) => (users >= 1000 && users % 1000 === 0 ? `${users / 1000}k` : String(users));

/** Generates an account with as many roles as users and writes it under `root`. */
export async function writeBenchAccount(root: string, size: AccountSize): Promise<BenchAccount> {
  const label = sizeLabel(size.users);
  const dir = join(root, `account-${label}`);
  const raw = generateAccount({ users: size.users, roles: size.users, policies: size.policies, now: DEFAULT_NOW });
  const files = await writeSnapshotFolder(dir, raw);
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const details = raw.authorizationDetails!;
  return {
    label,
    dir,
    raw,
    now: DEFAULT_NOW,
    users: details.UserDetailList.length,
    roles: details.RoleDetailList.length,
    policies: details.Policies.filter((p) => !p.Arn.startsWith('arn:aws:iam::aws:policy/')).length,
    groups: details.GroupDetailList.length,
    snapshotBytes: sizes.reduce((a, b) => a + b, 0),
  };
}
