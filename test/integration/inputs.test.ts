/**
 * The three ways of reading one account (design.md "Complete, or a gap"):
 * `scan --live`, `snapshot --out` + `scan --snapshot`, and a folder made
 * with README's AWS CLI recipe (run as written, with the AWS CLI v1) give
 * the same findings, messages and summary, on an account seeded in the moto
 * emulator with boto3. moto leaves out what AWS writes (a managed policy's
 * PolicyName in authorization details, the credential report's root row), so
 * this also proves those are handled alike everywhere.
 *
 * The CLI runs in child processes: each run then resolves its own AWS
 * credentials from its own environment, as a user's shell would.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as cliInProcess } from '../cli/run-cli.js';
import { skipMoto, startMoto, type Moto } from './moto.js';

const run = promisify(execFile);
const MAIN = join(process.cwd(), 'cli', 'main.ts');
// Ages are counted to this instant; 120 days after seeding, keys and passwords are old.
const NOW = new Date(Date.now() + 120 * 86_400_000).toISOString();

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The README recipe, exactly as README.md shows it. */
async function readmeRecipe(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const m = /<!-- cli-recipe:start -->\s*```sh\n([\s\S]*?)```\s*<!-- cli-recipe:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no cli-recipe block');
  return m[1];
}

const SEED = String.raw`
import boto3, json
iam = boto3.client('iam'); s3 = boto3.client('s3'); ct = boto3.client('cloudtrail')
doc = lambda *s: json.dumps({'Version': '2012-10-17', 'Statement': list(s)})
allow = lambda a, r='*': {'Effect': 'Allow', 'Action': a, 'Resource': r}
account = boto3.client('sts').get_caller_identity()['Account']

for g in ['Staff', 'Admins']: iam.create_group(GroupName=g)
admin = iam.create_policy(PolicyName='AdminAll', PolicyDocument=doc(allow('*')))['Policy']['Arn']
deploy = iam.create_policy(PolicyName='Deploy', Path='/team/', PolicyDocument=doc(allow('s3:*', 'arn:aws:s3:::acme-*')))['Policy']['Arn']
iam.create_policy(PolicyName='Unattached', PolicyDocument=doc(allow('iam:*')))
iam.attach_group_policy(GroupName='Admins', PolicyArn=admin)
iam.attach_group_policy(GroupName='Staff', PolicyArn=deploy)
iam.put_group_policy(GroupName='Staff', PolicyName='read-logs', PolicyDocument=doc(allow(['logs:Get*', 'logs:Describe*'])))

# alice: administrator with a console password and MFA
iam.create_user(UserName='alice'); iam.create_login_profile(UserName='alice', Password='Corr3ct-Horse-Battery!')
for g in ['Staff', 'Admins']: iam.add_user_to_group(UserName='alice', GroupName=g)
serial = iam.create_virtual_mfa_device(VirtualMFADeviceName='alice')['VirtualMFADevice']['SerialNumber']
iam.enable_mfa_device(UserName='alice', SerialNumber=serial, AuthenticationCode1='123456', AuthenticationCode2='654321')
iam.create_virtual_mfa_device(VirtualMFADeviceName='spare')
# bob: administrator with a console password and no MFA, and an access key
iam.create_user(UserName='bob'); iam.create_login_profile(UserName='bob', Password='Corr3ct-Horse-Battery!')
iam.add_user_to_group(UserName='bob', GroupName='Admins'); iam.create_access_key(UserName='bob')
# carol: a workload user, keys only, in no group, with a policy of her own
iam.create_user(UserName='carol', Path='/ci/'); iam.create_access_key(UserName='carol'); iam.create_access_key(UserName='carol')
iam.put_user_policy(UserName='carol', PolicyName='push', PolicyDocument=doc(allow('ecr:*')))
iam.attach_user_policy(UserName='carol', PolicyArn=deploy)
# dave: no credentials at all
iam.create_user(UserName='dave'); iam.add_user_to_group(UserName='dave', GroupName='Staff')

trust = lambda p: json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': p, 'Action': 'sts:AssumeRole'}]})
iam.create_role(RoleName='partner', AssumeRolePolicyDocument=trust({'AWS': 'arn:aws:iam::777788889999:root'}))
iam.attach_role_policy(RoleName='partner', PolicyArn=admin)
iam.create_role(RoleName='builder', Path='/service/', AssumeRolePolicyDocument=trust({'Service': 'codebuild.amazonaws.com'}))
iam.put_role_policy(RoleName='builder', PolicyName='build', PolicyDocument=doc({'Effect': 'Allow', 'NotAction': 'iam:*', 'Resource': '*'}))

iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True)
iam.create_account_alias(AccountAlias='acme-moto')
s3.create_bucket(Bucket='acme-trail')
ct.create_trail(Name='org', S3BucketName='acme-trail', IsMultiRegionTrail=True)
ct.start_logging(Name='org')
# Asked once now, the report is ready at the first ask of every run below (no polling wait).
iam.generate_credential_report()
print(account)
`;

describe.skipIf(skipMoto())('one reading for every source (moto)', () => {
  let moto: Moto;
  let work: string;

  /** moto's settings over this process's environment; never a developer's profile; an empty value unsets. */
  const environment = (env: Record<string, string>): NodeJS.ProcessEnv => {
    const out: NodeJS.ProcessEnv = { ...process.env, ...moto.env, ...env };
    for (const k of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete out[k];
    for (const [k, v] of Object.entries(env)) if (v === '') delete out[k];
    return out;
  };

  /** The CLI from source in a child process, its AWS settings pointing at moto. */
  const cli = async (args: readonly string[], env: Record<string, string> = {}): Promise<Run> => {
    const script = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv.slice(1));`;
    const childEnv = environment(env);
    delete childEnv.IAM_SENTINEL_CONFIG;
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], {
        env: childEnv,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };

  /** Runs README's recipe with `sh` in a folder of its own; returns the snapshot folder it made. */
  const recipe = async (name: string, env: Record<string, string> = {}): Promise<{ dir: string; stderr: string }> => {
    const cwd = join(work, name);
    await run('mkdir', ['-p', cwd]);
    const childEnv = environment(env);
    // Its exit status is its last command's (a denied describe-trails fails it); what it wrote is what counts.
    const { stderr } = await run('sh', ['-c', await readmeRecipe()], { cwd, env: childEnv, maxBuffer: 64 * 1024 * 1024 }).catch(
      (e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }),
    );
    return { dir: join(cwd, 'snap'), stderr };
  };

  const scanJson = (r: Run) => {
    expect(r.stdout, r.stderr).not.toBe('');
    return JSON.parse(r.stdout) as { account: string; findings: Record<string, unknown>[]; summary: Record<string, unknown> };
  };

  beforeAll(async () => {
    moto = await startMoto();
    work = await mkdtemp(join(tmpdir(), 'iam-sentinel-moto-'));
    await moto.python(SEED);
  });
  afterAll(async () => {
    await moto?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('scan --live, snapshot --out + scan --snapshot, and the README recipe agree exactly', async () => {
    const out = join(work, 'snapshot-out');
    // The three read the same unchanging account, so they run side by side.
    const [live, written, made] = await Promise.all([cli(['scan', '--live', '--now', NOW, '--format', 'json']), cli(['snapshot', '--out', out]), recipe('recipe')]);
    expect(written.code, written.stderr).toBe(0);
    // Folders need no AWS settings: scanned in this process.
    const fromSnapshot = await cliInProcess(['scan', '--snapshot', out, '--now', NOW, '--format', 'json']);
    const fromRecipe = await cliInProcess(['scan', '--snapshot', made.dir, '--now', NOW, '--format', 'json']);

    const liveDoc = scanJson(live);
    // The seeded account is judged, not an empty one: a spread of checks fire.
    const fired = new Set(liveDoc.findings.map((f) => `${f.checkId} ${String(f.resource).split(':').pop()}`));
    for (const expected of [
      'privileged-user-no-mfa user/bob',
      'workload-user-keys user/ci/carol',
      'multiple-active-keys user/ci/carol',
      'user-no-group user/ci/carol',
      'inline-policy user/ci/carol',
      'service-wildcard user/ci/carol',
      'admin-policy policy/AdminAll',
      'not-action-allow role/service/builder',
      'password-policy-weak root',
      'cloudtrail-log-validation trail/org',
      'support-role-missing root',
      'security-contact-missing root',
    ]) {
      expect(fired, expected).toContain(expected);
    }
    // moto writes no <root_account> row: the root checks are left unjudged, the rest judged.
    const gapOf = (doc: typeof liveDoc, input: string) => doc.findings.find((f) => f.checkId === 'collection-gap' && (f.details as { input: string }).input === input);
    expect(gapOf(liveDoc, 'credentialReport.root')?.message).toBe(
      'credentialReport.root was not collected (credential-report.csv has no <root_account> row (AWS always writes one), so the root user is not judged); 4 checks skipped: root-access-key, root-mfa, root-hardware-mfa, root-recent-use',
    );
    // moto does not emulate IAM Access Analyzer (an HTML page with HTTP 500): a gap in all three, named by its status.
    expect(gapOf(liveDoc, 'accessAnalyzers')?.message).toMatch(/^accessAnalyzers was not collected \(HTTP 500; the response is not in the service's format/);
    expect(liveDoc.summary).toMatchObject({ checksSkipped: 5 });
    expect([...(liveDoc.summary.collectionGaps as string[])].sort()).toEqual(['accessAnalyzers', 'credentialReport.root']);
    // moto leaves PolicyName out of authorization details; the name comes from the ARN.
    expect(liveDoc.findings.find((f) => f.checkId === 'admin-policy')?.message).toMatch(/^Customer managed policy AdminAll /);

    // The folders hold no access-analyzers.json (the call failed), so their gap says the file is missing
    // where the live scan says why; every other finding, and the summary, agree exactly.
    const withoutAnalyzerGap = (doc: typeof liveDoc) => doc.findings.filter((f) => f !== gapOf(doc, 'accessAnalyzers'));
    for (const other of [fromSnapshot, fromRecipe]) {
      const doc = scanJson(other);
      expect(doc.account).toBe(liveDoc.account);
      expect(gapOf(doc, 'accessAnalyzers')?.message).toMatch(/^accessAnalyzers was not collected \(access-analyzers\.json not in snapshot\)/);
      expect(withoutAnalyzerGap(doc)).toEqual(withoutAnalyzerGap(liveDoc));
      expect(doc.summary).toEqual(liveDoc.summary);
    }
    for (const r of [live, written, fromSnapshot, fromRecipe]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(/undefined/);
    }
    // Neither folder keeps an MFA device's seed, whatever the endpoint returned.
    for (const dir of [out, made.dir]) {
      const devices = await readFile(join(dir, 'virtual-mfa-devices.json'), 'utf8');
      expect(devices).toContain('mfa/alice');
      expect(devices).not.toMatch(/Base32StringSeed|QRCodePNG/);
    }
    expect((await readdir(made.dir)).sort()).toEqual(
      ['account-aliases.json', 'account-summary.json', 'authorization-details.json', 'credential-report.csv', 'password-policy.json', 'security-contact.json', 'server-certificates.json', 'trails.json', 'virtual-mfa-devices.json'],
    );
  }, 240_000);

  it('denied reads: the recipe writes no file for them, scan --live names each denial on one line, and an existing report stands in for a denied GenerateCredentialReport', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'iam:GetCredentialReport',
            'iam:GetAccountAuthorizationDetails',
            'iam:GetAccountSummary',
            'iam:ListVirtualMFADevices',
            'iam:ListAccountAliases',
            'iam:ListServerCertificates',
            'access-analyzer:ListAnalyzers',
            'account:GetAlternateContact',
          ],
          Resource: '*',
        },
      ],
    });
    await moto.aws(['iam', 'create-user', '--user-name', 'auditor']);
    await moto.aws(['iam', 'put-user-policy', '--user-name', 'auditor', '--policy-name', 'audit', '--policy-document', policy]);
    const key = (await moto.aws(['iam', 'create-access-key', '--user-name', 'auditor'])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    // Its own key, no session token (an empty value unsets it).
    const auditor = { AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey, AWS_SESSION_TOKEN: '' };
    // From here on moto enforces IAM policies (moto docs: INITIAL_NO_AUTH_ACTION_COUNT, here set to 0 through /moto-api/reset-auth).
    await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0', headers: { 'Content-Type': 'text/plain' } });
    try {
      const [made, live] = await Promise.all([recipe('recipe-denied', auditor), cli(['scan', '--live', '--now', NOW, '--format', 'json'], auditor)]);
      const files = (await readdir(made.dir)).sort();
      // Denied: GetAccountPasswordPolicy (no null policy written), DescribeTrails (no empty file), GenerateCredentialReport (the existing report is used).
      expect(files).toEqual(['account-aliases.json', 'account-summary.json', 'authorization-details.json', 'credential-report.csv', 'security-contact.json', 'server-certificates.json', 'virtual-mfa-devices.json']);
      expect(made.stderr).toContain('not collected: password-policy.json');
      expect(made.stderr).toContain('not collected: trails.json');

      expect(live.code, live.stderr).toBe(0);
      const doc = scanJson(live);
      const gaps = Object.fromEntries(doc.findings.filter((f) => f.checkId === 'collection-gap').map((f) => [(f.details as { input: string }).input, f]));
      // accessAnalyzers: moto does not emulate the service (see above).
      expect(Object.keys(gaps).sort()).toEqual(['accessAnalyzers', 'credentialReport.root', 'passwordPolicy', 'trails']);
      expect((gaps.passwordPolicy.details as { reason: string }).reason).toMatch(/^AccessDenied: User: arn:aws:iam::\d{12}:user\/auditor is not authorized to perform: iam:GetAccountPasswordPolicy$/);
      // CloudTrail answers a JSON protocol; moto's denial is an XML page: one line with the status, not the SDK's advice.
      expect((gaps.trails.details as { reason: string }).reason).toMatch(/^HTTP 403, access denied; the response is not in the service's format/);
      expect(gaps.trails.message).toContain('2 checks skipped: cloudtrail-multi-region, cloudtrail-log-validation');
      expect(live.stderr).toMatch(/credentialReport: GenerateCredentialReport was denied \(AccessDenied: .*\): used the account's existing credential report, generated \S+, \d+ (minutes|hours|days) before this collection/);
      expect(live.stderr).not.toMatch(/Deserialization error|undefined/);
      for (const line of live.stderr.trim().split('\n')) expect(line).not.toMatch(/^\s/);

      // What was read is judged alike from the recipe's folder: every finding agrees but the gaps' reasons (file missing
      // vs denied) and the auditor's own, whose key moto marks used by every call in between.
      const fromRecipe = scanJson(await cliInProcess(['scan', '--snapshot', made.dir, '--now', NOW, '--format', 'json']));
      const judged = (d: typeof doc) => d.findings.filter((f) => f.checkId !== 'collection-gap' && !String(f.resource).endsWith(':user/auditor'));
      expect(judged(fromRecipe)).toEqual(judged(doc));
      expect(fromRecipe.summary.collectionGaps).toEqual(doc.summary.collectionGaps);
    } finally {
      await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: 'inf', headers: { 'Content-Type': 'text/plain' } });
    }
  }, 240_000);
});
