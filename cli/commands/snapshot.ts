/** `iam-sentinel snapshot --out DIR`: a live account's IAM state as a snapshot folder `scan` reads back. */
import { collectAccount } from '../../shared/collect/account.js';
import { awsClients } from '../../shared/collect/clients.js';
import { UsageError } from '../../shared/errors.js';
import { writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { parse, stringOption } from '../args.js';
import { log, type Command } from '../io.js';
import { withStep } from '../progress.js';
import { ORG_OPTIONS, ORG_USAGE, orgSettings, snapshotOrganizationCommand } from './scan-org.js';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: "write the live account's IAM state as a snapshot folder",
  usage: `iam-sentinel snapshot --out DIR ${ORG_USAGE}   (--org: one folder per account id under DIR)`,
  async run(argv, io) {
    // snapshot --org: every account of the organization (cli/commands/scan-org.ts)
    const parsed = parse('snapshot', argv, { out: { type: 'string' }, ...ORG_OPTIONS });
    const { values } = parsed;
    const dir = stringOption(values.out);
    if (!dir) throw new UsageError('snapshot: --out DIR is required');
    orgSettings('snapshot', parsed);
    if (values.org) return snapshotOrganizationCommand(parsed, io, dir);
    const raw = await withStep(
      io,
      'Collecting the live account',
      (s) => collectAccount(awsClients(), { onProgress: (p) => s.update(`${p.input} ${p.outcome === 'gap' ? '(not collected)' : '✓'}`) }),
      (r) => (r.gaps.length ? `${r.gaps.length} input(s) not collected` : 'every input collected'),
    );
    const written = await writeSnapshotFolder(dir, raw);
    for (const g of raw.gaps) log(io, `iam-sentinel: ${g.input} not collected: ${g.reason} (no file written; scan reports a collection-gap)`);
    log(io, `iam-sentinel: wrote ${written.length} file(s) to ${dir}`);
    return 0;
  },
};
