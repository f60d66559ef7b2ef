import { serviceWildcards } from '../policy/actions.js';
import type { Check } from '../model.js';
import { failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

export const serviceWildcard: Check = {
  id: 'service-wildcard',
  title: 'Policy allows all actions of a service',
  severity: 'medium',
  practice:
    'Grant least privilege: allow the specific actions a principal needs, not every action of a service ("s3:*", "iam:*"). A service wildcard also grants every action AWS adds to that service later, including destructive and permission-changing ones.',
  references: [
    { standard: 'SecurityHub', id: 'IAM.21' },
    { standard: 'AWSConfig', id: 'iam-policy-no-statements-with-full-access' },
  ],
  remediation:
    'List the actions actually used (IAM Access Analyzer policy generation, or the service last accessed data: aws iam generate-service-last-accessed-details --arn <principal-arn>) and replace the "<service>:*" entries with them. Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    return failingPolicies(
      snapshot,
      (doc) => statementsOfClass(doc, 'service-wildcard'),
      (statements) => `allows whole services: ${[...new Set(statements.flatMap(serviceWildcards))].join(', ')} (${statementsLabel(statements)})`,
      (s) => ({ index: s.index, sid: s.sid ?? null, actions: serviceWildcards(s), resources: s.resource ?? [] }),
    );
  },
};
