import type { DetectionRule } from '../model.js';
import { isIamUserCaller, isSuccessfulCall, responseObject, stringParam } from './lib/event.js';

const STS_SOURCE = 'sts.amazonaws.com';
const EVENTS: ReadonlySet<string> = new Set(['GetFederationToken']);

function duration(seconds: unknown): string {
  const n = typeof seconds === 'string' ? Number(seconds) : seconds;
  // GetFederationToken's default duration is 12 hours.
  const s = typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 43_200;
  return s % 3600 === 0 ? `${s / 3600} h` : `${Math.round(s / 60)} min`;
}

export const federationTokenMinted: DetectionRule = {
  id: 'federation-token-minted',
  title: 'IAM user minted a federation token',
  severity: 'medium',
  practice:
    'Temporary credentials from GetFederationToken outlive the access key that made them (deactivating the key does not end the session), so a stolen key minting them is a known way to keep access; people should federate through an identity provider instead.',
  references: [
    { standard: 'IAMBestPractices', id: 'Require human users to use federation with an identity provider', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
    { standard: 'Other', id: 'MITRE ATT&CK T1550.001 (application access token)', url: 'https://attack.mitre.org/techniques/T1550/001/' },
  ],
  remediation:
    'Confirm the user\'s workload mints federation tokens. If not, deactivate its key (aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive) and end the sessions already minted by denying everything to tokens issued before now: attach to the user a policy that denies "*" with the condition DateLessThan aws:TokenIssueTime <now>.',
  reads: [{ eventSource: STS_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    // Root's calls are root-activity's; roles cannot call GetFederationToken.
    if (!isSuccessfulCall(record, STS_SOURCE, EVENTS) || !isIamUserCaller(record)) return null;
    const user = record.userIdentity.userName ?? record.userIdentity.arn ?? 'an IAM user';
    const federated = responseObject(record, 'federatedUser')?.arn;
    const name = typeof federated === 'string' && federated ? federated : (stringParam(record, 'name') ?? '(unnamed)');
    return {
      resource: record.userIdentity.arn ?? null,
      message: `IAM user ${user} minted federation token ${name} valid for ${duration(record.requestParameters?.durationSeconds)}`,
    };
  },
};
