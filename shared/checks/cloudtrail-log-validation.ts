import type { Check } from '../model.js';
import { distinctTrails } from './lib/trails.js';
import { cis } from './lib/references.js';

export const cloudtrailLogValidation: Check = {
  id: 'cloudtrail-log-validation',
  title: 'Multi-region trail has log file validation off',
  severity: 'medium',
  practice:
    'Make audit logs tamper-evident: with log file validation on, CloudTrail writes signed digest files, so anyone can prove later that a log file was not changed or deleted after delivery.',
  references: [
    ...cis('3.2'),
    { standard: 'SecurityHub', id: 'CloudTrail.4' },
  ],
  remediation: 'Turn validation on: aws cloudtrail update-trail --name <trail> --enable-log-file-validation (verify delivered logs later with aws cloudtrail validate-logs --trail-arn <trail-arn> --start-time <time>).',
  inputs: ['trails'],
  resourceKinds: ['trail'],
  evaluate(snapshot) {
    return distinctTrails(snapshot.trails ?? [])
      .filter((t) => t.isMultiRegion && !t.logFileValidation)
      .map((t) => ({
        resource: t.arn,
        message: `Multi-region trail ${t.name} has log file validation off`,
        details: { trailName: t.name, homeRegion: t.homeRegion },
      }));
  },
};
