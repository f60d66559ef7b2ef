import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createClients } from '../../shared/collect/clients.js';
import { makeConfig } from '../../shared/config/schema.js';
import { NothingCollectedError, folderSource, liveSource } from '../../shared/pipeline/sources.js';
import { managedPolicy, policyDoc, rawAccount } from '../helpers/account.js';
import { fakeAws } from '../collect/fake-aws.js';

const DEMO = 'examples/demo-account';
const arn = (kind: string, name: string) => `arn:aws:iam::123456789012:${kind}/${name}`;

describe('liveSource', () => {
  it('fails with the reason when nothing at all can be read (no credentials), instead of auditing an unknown account', async () => {
    const denied = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const iam = mockClient(IAMClient);
    const cloudTrail = mockClient(CloudTrailClient);
    iam.onAnyCommand().rejects(denied);
    cloudTrail.onAnyCommand().rejects(denied);
    const source = liveSource(createClients({ iam: new IAMClient({ region: 'us-east-1' }), cloudTrail: new CloudTrailClient({ region: 'us-east-1' }) }));
    await expect(source.collect()).rejects.toThrow(NothingCollectedError);
    await expect(source.collect()).rejects.toThrow(/CredentialsProviderError: Could not load credentials/);
    iam.restore();
    cloudTrail.restore();
  });
});

describe('liveSource reads what it collected as a folder is read', () => {
  it('a policy document the checks cannot read is bad input named by file and place, and a gap', async () => {
    const fake = fakeAws(rawAccount({ policies: [managedPolicy('Broken', policyDoc({ Effect: 'Maybe', Action: '*', Resource: '*' }))] }));
    try {
      const { snapshot, errors } = await liveSource(fake.clients).collect();
      expect(errors.map((e) => e.message)).toEqual(['authorization-details.json: Policies[0].PolicyVersionList[0].Document.Statement[0].Effect: expected Effect "Allow" or "Deny"']);
      expect(snapshot.gaps).toEqual([
        { input: 'authorizationDetails', reason: 'malformed: authorization-details.json: Policies[0].PolicyVersionList[0].Document.Statement[0].Effect: expected Effect "Allow" or "Deny"' },
      ]);
      expect(snapshot.credentialReport).toBeDefined();
    } finally {
      fake.restore();
    }
  });
});

describe('folderSource re-evaluation', () => {
  const source = folderSource(DEMO);
  const config = makeConfig({ trustedAccounts: ['210987654321'] });
  const now = new Date('2026-11-20T12:00:00Z');

  it('re-evaluates one user: only its findings, only user checks', async () => {
    const { evaluation: e } = await source.reevaluate({ kind: 'user', name: 'carol.diaz', arn: arn('user', 'carol.diaz') }, config, now);
    expect(new Set(e.findings.map((f) => f.resource))).toEqual(new Set([arn('user', 'carol.diaz')]));
    expect(e.findings.map((f) => f.checkId)).toContain('user-console-no-mfa');
    expect(e.evaluatedChecks).not.toContain('root-mfa');
    expect(e.scope?.resources).toEqual([arn('user', 'carol.diaz')]);
  });

  it('re-evaluates a group with its members, whose admin rights follow the group', async () => {
    const { evaluation: e } = await source.reevaluate({ kind: 'group', name: 'Admins', arn: arn('group', 'Admins') }, config, now);
    expect(e.scope?.resources).toContain(arn('user', 'bob.martin'));
    expect(e.findings.filter((f) => f.checkId === 'privileged-user-no-mfa').map((f) => f.resource)).toContain(arn('user', 'bob.martin'));
  });

  it('re-evaluates a managed policy with every principal holding it: its groups, their members, its users and roles', async () => {
    const policy = `arn:aws:iam::123456789012:policy/DeveloperBaseline`;
    const { evaluation: e, fullAudit } = await source.reevaluate({ kind: 'policy', name: 'DeveloperBaseline', arn: policy }, config, now);
    expect(fullAudit).toBeUndefined();
    expect(e.scope?.resources).toEqual([
      policy,
      arn('group', 'Developers'),
      ...['carol.diaz', 'dave.okafor', 'erin.walsh', 'frank.ito', 'ivan.petrov', 'quentin.brooks'].map((u) => arn('user', u)),
    ]);
    expect(e.findings.map((f) => f.checkId)).toContain('user-console-no-mfa');
    expect(e.evaluatedChecks).toContain('privileged-user-no-mfa');
  });

  it('an entity missing from the folder (deleted) is in scope with no findings, so its findings resolve', async () => {
    const { evaluation: e } = await source.reevaluate({ kind: 'role', name: 'gone', arn: arn('role', 'gone') }, config, now);
    expect(e.findings).toEqual([]);
    expect(e.scope?.resources).toEqual([arn('role', 'gone')]);
    expect(e.evaluatedChecks).toContain('unused-role');
  });
});
