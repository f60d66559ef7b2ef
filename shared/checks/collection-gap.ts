import type { Check } from '../model.js';
import { fileOf } from '../snapshot/types.js';

/** What a gap cost this run, as the engine counted it (see engine/evaluate.ts). */
function skippedPhrase(skipped: readonly string[] | undefined): string {
  if (skipped === undefined) return 'checks that need it were skipped';
  if (skipped.length === 0) return 'no check of this run reads it, so none was skipped';
  return `${skipped.length === 1 ? '1 check' : `${skipped.length} checks`} skipped: ${skipped.join(', ')}`;
}

/**
 * An input that could not be read whole. Its dependent checks are skipped by
 * the engine, so this finding is what tells the user the audit is partial,
 * and which checks it lacks.
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
      message: `${gap.input} was not collected (${gap.reason}); ${skippedPhrase(gap.skippedChecks)}`,
      details: { input: gap.input, file: fileOf(gap.input), reason: gap.reason, ...(gap.skippedChecks ? { skippedChecks: gap.skippedChecks } : {}) },
    }));
  },
};
