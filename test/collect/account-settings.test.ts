/**
 * Live collection of the second catalog's inputs: server certificates,
 * the Region's Access Analyzer analyzers and the SECURITY contact, in the
 * AWS CLI's formats, through the SDK (aws-sdk-client-mock).
 */
import { ListAnalyzersCommand, AccessDeniedException } from '@aws-sdk/client-accessanalyzer';
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAccount } from '../../shared/collect/account.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import { ACCOUNT, goodAnalyzer, rawAccount } from '../helpers/account.js';
import { accessDenied, fakeAws, type FakeAws } from './fake-aws.js';

const instant = async () => {};
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

const cert = (name: string) => ({
  Path: '/',
  ServerCertificateName: name,
  ServerCertificateId: `ASCA${name.toUpperCase().padEnd(17, 'C').slice(0, 17)}`,
  Arn: `arn:aws:iam::${ACCOUNT}:server-certificate/${name}`,
  UploadDate: '2026-01-01T00:00:00+00:00',
  Expiration: '2027-01-01T00:00:00+00:00',
});

describe('collecting the account settings', () => {
  it('reads them in the AWS CLI formats: dates as ISO strings, every page', async () => {
    const certificates = Array.from({ length: 3 }, (_, i) => cert(`web-${i}`));
    fake = fakeAws(rawAccount({ serverCertificates: certificates }));
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.serverCertificates).toEqual({ ServerCertificateMetadataList: certificates });
    expect(raw.accessAnalyzers).toEqual({ analyzers: [goodAnalyzer] });
    expect(raw.securityContact?.AlternateContact).toMatchObject({ AlternateContactType: 'SECURITY', EmailAddress: 'security@example.com' });
    expect(fake.iam.commandCalls(ListServerCertificatesCommand)[0].args[0].input).toMatchObject({ MaxItems: 1000 });
    expect(fake.account.commandCalls(GetAlternateContactCommand)[0].args[0].input).toEqual({ AlternateContactType: 'SECURITY' });
    expect(normalizeSnapshot(raw).errors).toEqual([]);
  });

  it('turns ResourceNotFoundException into {"AlternateContact": null}: no contact is a fact, not a gap', async () => {
    fake = fakeAws(rawAccount({ securityContact: null }));
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.securityContact).toEqual({ AlternateContact: null });
    expect(raw.gaps).toEqual([]);
  });

  it('follows nextToken through every page of analyzers', async () => {
    fake = fakeAws(rawAccount());
    const second = { ...goodAnalyzer, name: 'org', type: 'ORGANIZATION', arn: goodAnalyzer.arn.replace('account-analyzer', 'org') };
    fake.accessAnalyzer
      .on(ListAnalyzersCommand, { nextToken: undefined })
      .resolves({ analyzers: [{ ...goodAnalyzer, createdAt: new Date(goodAnalyzer.createdAt) } as never], nextToken: 'page-2' })
      .on(ListAnalyzersCommand, { nextToken: 'page-2' })
      .resolves({ analyzers: [{ ...second, createdAt: new Date(second.createdAt) } as never] });
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.accessAnalyzers!.analyzers.map((a) => a.name)).toEqual(['account-analyzer', 'org']);
    expect(raw.accessAnalyzers!.analyzers[0].createdAt).toBe('2025-01-10T09:00:00+00:00');
  });

  it('an input it may not read becomes a gap naming why; the others are kept', async () => {
    fake = fakeAws(rawAccount());
    fake.accessAnalyzer.on(ListAnalyzersCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform: access-analyzer:ListAnalyzers', $metadata: { httpStatusCode: 403 } }));
    fake.account.on(GetAlternateContactCommand).rejects(accessDenied('account:GetAlternateContact'));
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.gaps.map((g) => g.input)).toEqual(['accessAnalyzers', 'securityContact']);
    expect(raw.gaps[0].reason).toMatch(/AccessDeniedException: not authorized to perform: access-analyzer:ListAnalyzers/);
    expect(raw.serverCertificates).toBeDefined();
    expect(raw.authorizationDetails).toBeDefined();
  });
});
