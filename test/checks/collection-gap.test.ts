import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { collectionGap } from '../../shared/checks/collection-gap.js';
import { passwordPolicyMissing } from '../../shared/checks/password-policy-missing.js';
import { passwordPolicyWeak } from '../../shared/checks/password-policy-weak.js';
import { summarize } from '../../shared/engine/evaluate.js';
import { ROOT_ARN, failures, run } from '../helpers/account.js';

describe('collection-gap', () => {
  it('names the input, why, and exactly the checks of this run it skipped', () => {
    const e = run([passwordPolicyMissing, passwordPolicyWeak, collectionGap], { omit: ['passwordPolicy'] });
    expect(e.findings).toEqual([
      {
        checkId: 'collection-gap',
        severity: 'medium',
        resource: ROOT_ARN,
        qualifier: 'passwordPolicy',
        title: 'Audit input could not be collected',
        message: 'passwordPolicy was not collected (left out by the test); 2 checks skipped: password-policy-missing, password-policy-weak',
        details: { input: 'passwordPolicy', file: 'password-policy.json', reason: 'left out by the test', skippedChecks: ['password-policy-missing', 'password-policy-weak'] },
      },
    ]);
    expect(summarize(e).checksSkipped).toBe(2);
  });

  it('an input no check of the run reads claims no skipped check, and checksSkipped agrees', () => {
    const readers = CHECKS.filter((c) => c.inputs.includes('accountSummary')).map((c) => c.id);
    const e = run(CHECKS, { omit: ['accountSummary'] });
    const gap = e.findings.find((f) => f.checkId === 'collection-gap')!;
    expect(gap.details.skippedChecks).toEqual(readers);
    expect(summarize(e).checksSkipped).toBe(readers.length);
    if (readers.length === 0) {
      expect(gap.message).toBe('accountSummary was not collected (left out by the test); no check of this run reads it, so none was skipped');
    } else {
      expect(gap.message).toContain(`skipped: ${readers.join(', ')}`);
    }
    // Whatever reads it, a run of checks that do not still says none was skipped.
    const narrow = run([passwordPolicyMissing, collectionGap], { omit: ['accountSummary'] });
    expect(narrow.findings[0].message).toBe('accountSummary was not collected (left out by the test); no check of this run reads it, so none was skipped');
    expect(summarize(narrow).checksSkipped).toBe(0);
  });

  it('outside the engine, where the skipped checks are unknown, says only that dependants were skipped', () => {
    expect(failures(collectionGap, { omit: ['trails'] })[0].message).toBe('trails was not collected (left out by the test); checks that need it were skipped');
  });

  it('passes when every input was read whole', () => {
    expect(failures(collectionGap)).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(collectionGap).toMatchObject({ id: 'collection-gap', severity: 'medium', resourceKinds: ['account'], inputs: [] });
  });
});
