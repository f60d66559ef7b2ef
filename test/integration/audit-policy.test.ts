/**
 * The read-only policy README gives for a live scan ("Scanning a live
 * account"), enforced by the moto emulator (INITIAL_NO_AUTH_ACTION_COUNT:
 * the set-up calls pass, every later call is authorized against the
 * caller's IAM policies): a live collection as a user holding exactly that
 * policy reads every input moto serves, and the same user without the second
 * catalog's three actions is refused those inputs, as gaps.
 */
import { readFileSync } from 'node:fs';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../shared/collect/account.js';
import { createClients } from '../../shared/collect/clients.js';
import { skipMoto, startMoto, type Moto } from './moto.js';

/** The policy as README.md prints it, read from README.md itself. */
function readmePolicy(): { Version: string; Statement: { Action: string[] }[] } {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('The read-only policy it needs'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)![1];
  return JSON.parse(json);
}

const NEW_ACTIONS = ['iam:ListServerCertificates', 'access-analyzer:ListAnalyzers', 'account:GetAlternateContact'];

const SETUP = (full: string, partial: string) => `
import boto3, json
iam = boto3.client('iam')
keys = {}
for name, policy in (('auditor', ${JSON.stringify(full)}), ('old-auditor', ${JSON.stringify(partial)})):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName='audit', PolicyDocument=policy)
    k = iam.create_access_key(UserName=name)['AccessKey']
    keys[name] = {'accessKeyId': k['AccessKeyId'], 'secretAccessKey': k['SecretAccessKey']}
iam.upload_server_certificate(ServerCertificateName='www', CertificateBody='-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----', PrivateKey='-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----')
boto3.client('account').put_alternate_contact(AlternateContactType='SECURITY', EmailAddress='security@example.com', Name='Security', PhoneNumber='+1-555-0100', Title='Security')
print(json.dumps(keys))
`;
/** The calls SETUP makes: 3 per user, then the certificate and the contact. */
const SETUP_CALLS = 2 * 3 + 2;

describe.skipIf(skipMoto())('the README read-only policy, enforced by moto', () => {
  let moto: Moto;
  let keys: Record<string, { accessKeyId: string; secretAccessKey: string }>;

  beforeAll(async () => {
    moto = await startMoto({ serverEnv: { INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_CALLS) } });
    const policy = readmePolicy();
    const partial = { ...policy, Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => !NEW_ACTIONS.includes(a)) })) };
    keys = JSON.parse(await moto.python(SETUP(JSON.stringify(policy), JSON.stringify(partial))));
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  const clientsAs = (user: string) => {
    const config = { region: 'us-east-1', endpoint: moto.endpoint, credentials: keys[user], maxAttempts: 1 };
    return createClients({
      iam: new IAMClient(config),
      cloudTrail: new CloudTrailClient(config),
      cloudTrailIn: (region) => new CloudTrailClient({ ...config, region }),
      accessAnalyzer: new AccessAnalyzerClient(config),
      account: new AccountClient(config),
    });
  };
  const instant = async () => {};

  it('lists the second catalog\'s reads', () => {
    const actions = readmePolicy().Statement.flatMap((s) => s.Action);
    for (const a of NEW_ACTIONS) expect(actions).toContain(a);
  });

  it('lets a live collection read every input moto serves', async () => {
    const raw = await collectAccount(clientsAs('auditor'), { sleep: instant, reportPolling: { maxPolls: 5 } });
    // moto serves no IAM Access Analyzer: the one input it cannot give, and not for want of permission.
    expect(raw.gaps.map((g) => g.input)).toEqual(['accessAnalyzers']);
    expect(raw.gaps[0].reason).not.toMatch(/AccessDenied|not authorized/i);
    expect(raw.serverCertificates!.ServerCertificateMetadataList.map((c) => c.ServerCertificateName)).toEqual(['www']);
    expect(raw.securityContact!.AlternateContact).toMatchObject({ AlternateContactType: 'SECURITY', EmailAddress: 'security@example.com' });
    expect(raw.authorizationDetails!.UserDetailList.map((u) => u.UserName).sort()).toEqual(['auditor', 'old-auditor']);
  });

  it('without the three new actions, those inputs are refused and become gaps naming why', async () => {
    const raw = await collectAccount(clientsAs('old-auditor'), { sleep: instant, reportPolling: { maxPolls: 5 } });
    expect(raw.gaps.map((g) => g.input)).toEqual(['serverCertificates', 'accessAnalyzers', 'securityContact']);
    expect(raw.gaps[0].reason).toMatch(/AccessDenied/);
    // moto words its refusal as IAM's XML error for every service, which the JSON Account API's client
    // cannot read; the contact was read above with the permission, so its absence here is the refusal.
    expect(raw.securityContact).toBeUndefined();
    expect(raw.authorizationDetails).toBeDefined();
  });
});
