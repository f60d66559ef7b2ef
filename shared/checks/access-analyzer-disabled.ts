import type { Check } from '../model.js';
import { cis } from './lib/references.js';

/** The analyzer types that count (a closed list: internal-access analyzers do not). */
export const ANALYZER_TYPES: readonly string[] = ['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS'];

export const accessAnalyzerDisabled: Check = {
  id: 'access-analyzer-disabled',
  title: 'IAM Access Analyzer is not enabled',
  severity: 'low',
  practice:
    'Run IAM Access Analyzer in every Region you use: it finds resources shared outside the account or organization (buckets, keys, roles, queues) and unused access, which no identity-policy audit can see.',
  references: [...cis('1.20', '1.19'), { standard: 'SecurityHub', id: 'IAM.28' }],
  remediation:
    'Create an analyzer in the Region: aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT (--type ORGANIZATION from the organization\'s management or delegated administrator account).',
  inputs: ['accessAnalyzers'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const analyzers = snapshot.accessAnalyzers ?? [];
    if (analyzers.some((a) => a.status === 'ACTIVE' && ANALYZER_TYPES.includes(a.type))) return [];
    const region = analyzers.map((a) => /^arn:[^:]+:access-analyzer:([^:]+):/.exec(a.arn)?.[1]).find(Boolean);
    return [
      {
        resource: snapshot.rootArn,
        message: `No IAM Access Analyzer of type ${ANALYZER_TYPES.join(', ')} is active in ${region ? `Region ${region}` : 'the audited Region'}${
          analyzers.length ? ` (found: ${analyzers.map((a) => `${a.name} ${a.type} ${a.status}`).join('; ')})` : ''
        }`,
        details: { analyzers: analyzers.map((a) => ({ name: a.name, type: a.type, status: a.status })) },
      },
    ];
  },
};
