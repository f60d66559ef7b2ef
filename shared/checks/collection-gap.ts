import type { Check, CheckFailure } from '../model.js';
import { managedPolicyLibrary } from '../policy/managed-library.js';
import { accountRights } from '../policy/principals.js';
import { SNAPSHOT_FILES, fileOf } from '../snapshot/types.js';

/** What a gap cost this run, as the engine counted it (see engine/evaluate.ts). */
function skippedPhrase(skipped: readonly string[] | undefined): string {
  if (skipped === undefined) return 'checks that need it were skipped';
  if (skipped.length === 0) return 'no check of this run reads it, so none was skipped';
  return `${skipped.length === 1 ? '1 check' : `${skipped.length} checks`} skipped: ${skipped.join(', ')}`;
}

/**
 * An input that could not be read whole, or a policy whose document is known
 * neither to the snapshot nor to the maintained copy of the AWS managed
 * policies. Dependent checks are skipped (or, for a policy, do not judge the
 * principals holding it), so this finding is what tells the user the audit
 * is partial, and which checks it lacks.
 */
export const collectionGap: Check = {
  id: 'collection-gap',
  title: 'Audit input could not be collected',
  severity: 'medium',
  practice:
    'An audit is only as good as what it can see: every IAM input must be readable by the auditor, or the checks that depend on it silently stop protecting you.',
  references: [],
  remediation:
    'Grant the auditor the read-only permissions listed in README.md ("Scanning a live account"), or add the missing file to the snapshot folder, then scan again. For a policy document: collect get-account-authorization-details again (it lists every attached policy with its document).',
  inputs: [],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const out: CheckFailure[] = snapshot.gaps.map((gap) => ({
      resource: snapshot.rootArn,
      qualifier: gap.input,
      message: `${gap.input} was not collected (${gap.reason}); ${skippedPhrase(gap.skippedChecks)}`,
      details: { input: gap.input, file: fileOf(gap.input), reason: gap.reason, ...(gap.skippedChecks ? { skippedChecks: gap.skippedChecks } : {}) },
    }));
    const library = managedPolicyLibrary();
    for (const [policy, principals] of accountRights(snapshot)?.unknownPolicies() ?? []) {
      const where = policy.startsWith('group:')
        ? `group ${policy.slice('group:'.length)} is not in ${SNAPSHOT_FILES.authorizationDetails}`
        : `the document of ${policy} is not in ${SNAPSHOT_FILES.authorizationDetails}${library ? ` nor in ${library.source}` : ''}`;
      out.push({
        resource: snapshot.rootArn,
        qualifier: `policy:${policy}`,
        message: `${where}; the rights of ${principals.length} principal${principals.length === 1 ? '' : 's'} holding it were not judged (${principals
          .slice(0, 5)
          .map((a) => a.slice(a.indexOf(':', 13) + 1))
          .join(', ')}${principals.length > 5 ? ', …' : ''})`,
        details: { input: 'authorizationDetails', file: SNAPSHOT_FILES.authorizationDetails, policy, principals, reason: 'policy document unknown' },
      });
    }
    return out;
  },
};
