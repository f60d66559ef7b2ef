/** `iam-sentinel snapshot --out DIR`: a live account's IAM state as a snapshot folder `scan` reads back. */
import { join } from 'node:path';
import { collectAccount } from '../../shared/collect/account.js';
import { awsClients } from '../../shared/collect/clients.js';
import { writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import { INPUT_FILES, INPUT_NAMES } from '../../shared/snapshot/types.js';
import { defineCommand, options } from '../args.js';
import { log } from '../io.js';
import { withStep } from '../progress.js';
import { ORG_OPTIONS, orgSettings, snapshotOrganizationCommand } from './scan-org.js';

export const SNAPSHOT_OPTIONS = options({
  out: { type: 'string', valueName: 'DIR', required: true, description: 'the folder to write (created if missing; files in the AWS CLI output formats scan --snapshot reads)' },
  ...ORG_OPTIONS,
});

export const snapshotCommand = defineCommand({
  name: 'snapshot',
  summary: "write the live account's IAM state as a snapshot folder",
  options: SNAPSHOT_OPTIONS,
  examples: [
    { args: '--out snapshots/prod-2026-11-20', what: 'collect the account of the current AWS credentials (read-only calls) into a folder; scan --snapshot then audits it offline, as often as needed' },
    { args: '--out /tmp/iam-snapshot', what: "a throwaway copy to inspect or hand to a reviewer: the files are the AWS CLI's own JSON and CSV" },
    { args: '--org --out snapshots/org-2026-11-20', what: 'every ACTIVE account of the organization, one folder per account id under the folder' },
  ],
  async run(parsed, io) {
    const dir = parsed.values.out;
    const settings = orgSettings('snapshot', parsed);
    if (parsed.values.org) return snapshotOrganizationCommand(io, settings, dir);
    const raw = await withStep(
      io,
      'Collecting the live account',
      (s) => collectAccount(awsClients(), { onProgress: (p) => s.update(`${p.input} ${p.outcome === 'gap' ? '(not collected)' : '✓'}`) }),
      (r) => (r.gaps.length ? `${r.gaps.length} input(s) not collected` : 'every input collected'),
    );
    const written = await writeSnapshotFolder(dir, raw);
    for (const n of raw.notes ?? []) log(io, `iam-sentinel: ${n.input}: ${n.message}`);
    for (const g of raw.gaps) log(io, `iam-sentinel: ${g.input} not collected: ${g.reason} (no file written; scan reports a collection-gap)`);
    // Read back as scan will: what AWS said that the checks cannot read is named now, not at the next scan.
    const { errors } = normalizeSnapshot(raw, Object.fromEntries(INPUT_NAMES.map((input) => [input, join(dir, INPUT_FILES[input])])));
    for (const e of errors) log(io, `iam-sentinel: ${e.message}`);
    log(io, `iam-sentinel: wrote ${written.length} file(s) to ${dir}`);
    return errors.length > 0 ? 2 : 0;
  },
});
