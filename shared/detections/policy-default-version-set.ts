import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isSuccessfulCall, stringParam } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const EVENTS: ReadonlySet<string> = new Set(['SetDefaultPolicyVersion']);

export const policyDefaultVersionSet: DetectionRule = {
  id: 'policy-default-version-set',
  title: 'Managed policy rolled to another version',
  severity: 'high',
  practice:
    'Change managed policies through reviewed new versions: switching the default to an old version brings back whatever that version allowed, for every principal holding the policy, and is a known privilege-escalation step (iam:SetDefaultPolicyVersion).',
  references: [
    ...cis('4.4'),
    { standard: 'SecurityHub', id: 'CloudWatch.4' },
    { standard: 'Other', id: 'Privilege escalation through iam:SetDefaultPolicyVersion', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html' },
  ],
  remediation:
    'Compare the version now in force with the previous default (aws iam list-policy-versions --policy-arn <arn>; aws iam get-policy-version --policy-arn <arn> --version-id <id>). If the change was not planned, set the previous default back (aws iam set-default-policy-version --policy-arn <arn> --version-id <previous>) and delete versions nobody should return to (aws iam delete-policy-version --policy-arn <arn> --version-id <id>).',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    const policy = stringParam(record, 'policyArn') ?? null;
    const version = stringParam(record, 'versionId') ?? '(unnamed version)';
    return { resource: policy, message: `Policy ${policy ?? '(unnamed)'} now uses version ${version} by default` };
  },
};
