/** `iam-sentinel snapshot --out DIR`: a live account's IAM state as a snapshot folder `scan` reads back. */
import { join } from 'node:path';
import { collectAccount } from '../../shared/collect/account.js';
import { awsClients } from '../../shared/collect/clients.js';
import { UsageError } from '../../shared/errors.js';
import { writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import { SNAPSHOT_FILES, SNAPSHOT_INPUTS } from '../../shared/snapshot/types.js';
import { parse, stringOption } from '../args.js';
import { log, type Command } from '../io.js';
import { withStep } from '../progress.js';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: "write the live account's IAM state as a snapshot folder",
  usage: 'iam-sentinel snapshot --out DIR',
  async run(argv, io) {
    const { values } = parse('snapshot', argv, { out: { type: 'string' } });
    const dir = stringOption(values.out);
    if (!dir) throw new UsageError('snapshot: --out DIR is required');
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
    const { errors } = normalizeSnapshot(raw, Object.fromEntries(SNAPSHOT_INPUTS.map((input) => [input, join(dir, SNAPSHOT_FILES[input])])));
    for (const e of errors) log(io, `iam-sentinel: ${e.message}`);
    log(io, `iam-sentinel: wrote ${written.length} file(s) to ${dir}`);
    return errors.length > 0 ? 2 : 0;
  },
};
