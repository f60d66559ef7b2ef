import { compiledStatement, decryptsAnyKey } from '../policy/statements.js';
import type { Check } from '../model.js';
import { accountContext, conditionKeysOf, failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

export const kmsDecryptAnyKey: Check = {
  id: 'kms-decrypt-any-key',
  title: 'Policy allows decrypting with any KMS key',
  severity: 'medium',
  practice:
    'Allow kms:Decrypt and kms:ReEncryptFrom only on the keys a principal needs: on every key, whoever holds the policy can read every secret, backup and object encrypted under any key whose key policy lets the account in.',
  references: [
    { standard: 'SecurityHub', id: 'KMS.1' },
    { standard: 'SecurityHub', id: 'KMS.2' },
  ],
  remediation:
    'Name the keys in the statement\'s Resource (arn:aws:kms:<region>:<account>:key/<key-id>), or limit it with a kms:ViaService or kms:EncryptionContext condition. Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-role-policy (put-user-policy, put-group-policy) --role-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    const ctx = accountContext(snapshot);
    return failingPolicies(
      snapshot,
      (doc) => statementsOfClass(doc, 'kms-decrypt-any-key', ctx),
      (statements, doc) =>
        `allows ${[...new Set(statements.flatMap((s) => decryptsAnyKey(compiledStatement(doc, s), ctx)))].join(' and ')} on every KMS key (${statementsLabel(statements)})`,
      (s, doc) => ({ index: s.index, sid: s.sid ?? null, actions: decryptsAnyKey(compiledStatement(doc, s), ctx), resources: s.resource ?? [], conditionKeys: conditionKeysOf(s) }),
    );
  },
};
