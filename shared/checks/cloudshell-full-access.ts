import type { Check, CheckFailure } from '../model.js';
import type { Principal } from '../snapshot/types.js';
import { cis } from './lib/references.js';

/** AWSCloudShellFullAccess in any partition (arn:aws:, arn:aws-cn:, arn:aws-us-gov:). */
const isCloudShellFullAccess = (arn: string) => /^arn:aws[a-z-]*:iam::aws:policy\/AWSCloudShellFullAccess$/.test(arn);

export const cloudshellFullAccess: Check = {
  id: 'cloudshell-full-access',
  title: 'Principal has AWSCloudShellFullAccess',
  severity: 'medium',
  practice:
    'AWSCloudShellFullAccess lets its holder upload and download files to a shell in the account and keep data in CloudShell\'s home directory: a path for data to leave the account outside the controls that watch other channels. Grant CloudShell only to those who need it, with a policy that denies file transfer.',
  references: [...cis('1.22', '1.21'), { standard: 'SecurityHub', id: 'IAM.27' }],
  remediation:
    'Detach the policy: aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess (detach-user-policy, detach-role-policy likewise), and where CloudShell is needed attach a customer managed policy allowing cloudshell:* except cloudshell:GetFileUploadUrls and cloudshell:GetFileDownloadUrls.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['user', 'group', 'role'],
  evaluate(snapshot) {
    const details = snapshot.authorizationDetails;
    if (!details) return [];
    const out: CheckFailure[] = [];
    const principals: readonly Principal[] = [...details.users, ...details.groups, ...details.roles];
    for (const p of principals) {
      const attached = p.attachedPolicies.find((a) => isCloudShellFullAccess(a.arn));
      if (!attached) continue;
      out.push({
        resource: p.arn,
        message: `${p.kind[0].toUpperCase()}${p.kind.slice(1)} ${p.name} has AWSCloudShellFullAccess attached`,
        details: { principalName: p.name, kind: p.kind, policyArn: attached.arn },
      });
    }
    return out;
  },
};
