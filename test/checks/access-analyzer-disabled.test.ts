import { describe, expect, it } from 'vitest';
import { accessAnalyzerDisabled } from '../../shared/checks/access-analyzer-disabled.js';
import { ACCOUNT, ROOT_ARN, failures, run } from '../helpers/account.js';

const analyzer = (name: string, type: string, status = 'ACTIVE') => ({
  arn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/${name}`,
  name,
  type,
  createdAt: '2026-01-01T00:00:00+00:00',
  status,
});

describe('access-analyzer-disabled', () => {
  it('fails when the Region has no analyzer at all', () => {
    expect(failures(accessAnalyzerDisabled, { analyzers: [] })).toEqual([
      {
        resource: ROOT_ARN,
        message: 'No IAM Access Analyzer of type ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS is active in the audited Region',
        details: { analyzers: [] },
      },
    ]);
  });

  it('fails when no analyzer of the closed list is ACTIVE, naming what it found', () => {
    const analyzers = [analyzer('internal', 'ACCOUNT_INTERNAL_ACCESS'), analyzer('org', 'ORGANIZATION', 'CREATING'), analyzer('acct', 'ACCOUNT', 'DISABLED')];
    const [found] = failures(accessAnalyzerDisabled, { analyzers });
    expect(found.message).toBe(
      'No IAM Access Analyzer of type ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS is active in Region eu-west-1 (found: internal ACCOUNT_INTERNAL_ACCESS ACTIVE; org ORGANIZATION CREATING; acct ACCOUNT DISABLED)',
    );
  });

  it('passes with one ACTIVE analyzer of any of the four types', () => {
    for (const type of ['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS']) {
      expect(failures(accessAnalyzerDisabled, { analyzers: [analyzer('a', 'ACCOUNT_INTERNAL_ACCESS'), analyzer('b', type)] }), type).toEqual([]);
    }
  });

  it('is skipped when access-analyzers.json was not collected (not "none")', () => {
    expect(run([accessAnalyzerDisabled], { omit: ['accessAnalyzers'] }).skippedChecks).toEqual([{ checkId: 'access-analyzer-disabled', missing: ['accessAnalyzers'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(accessAnalyzerDisabled).toMatchObject({ id: 'access-analyzer-disabled', severity: 'low', inputs: ['accessAnalyzers'] });
    expect(accessAnalyzerDisabled.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.20', 'CIS v5.0.0 1.19', 'SecurityHub IAM.28']);
  });
});
