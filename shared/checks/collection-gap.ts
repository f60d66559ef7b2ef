import type { Check } from '../model.js';
import { INPUT_FILES } from '../snapshot/types.js';

/**
 * An input that could not be collected. Its dependent checks are skipped by
 * the engine, so this finding is what tells the user the audit is partial.
 */
export const collectionGap: Check = {
  id: 'collection-gap',
  title: 'Audit input could not be collected',
  severity: 'medium',
  practice:
    'An audit is only as good as what it can see: every IAM input must be readable by the auditor, or the checks that depend on it silently stop protecting you.',
  references: [],
  remediation:
    'Grant the auditor the read-only permissions listed in README.md ("Scanning a live account"), or add the missing file to the snapshot folder, then scan again.',
  inputs: [],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    return snapshot.gaps.map((gap) => ({
      resource: snapshot.rootArn,
      qualifier: gap.input,
      message: `${gap.input} was not collected (${gap.reason}); checks that need it were skipped`,
      details: { input: gap.input, file: INPUT_FILES[gap.input], reason: gap.reason },
    }));
  },
};
