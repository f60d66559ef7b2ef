import { describe, expect, it } from 'vitest';
import { serverCertificateExpired } from '../../shared/checks/server-certificate-expired.js';
import { ACCOUNT, NOW, failures, run } from '../helpers/account.js';

const cert = (name: string, expiration: string, path = '/') => ({
  Path: path,
  ServerCertificateName: name,
  ServerCertificateId: `ASCA${name.toUpperCase().replace(/[^A-Z0-9]/g, 'X').padEnd(17, 'C').slice(0, 17)}`,
  Arn: `arn:aws:iam::${ACCOUNT}:server-certificate${path}${name}`,
  UploadDate: '2025-01-01T00:00:00+00:00',
  Expiration: expiration,
});

describe('server-certificate-expired', () => {
  it('fails for a certificate whose Expiration is before now, named by its ARN with the path', () => {
    const found = failures(serverCertificateExpired, { serverCertificates: [cert('www-2025', '2026-10-22T00:00:00+00:00', '/cloudfront/')] });
    expect(found).toEqual([
      {
        resource: `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/www-2025`,
        message: 'Server certificate www-2025 expired on 2026-10-22 (10 days ago)',
        details: { name: 'www-2025', path: '/cloudfront/', expiration: '2026-10-22T00:00:00.000Z', expiredDaysAgo: 10 },
      },
    ]);
  });

  it('takes the edge: expiring exactly now is not yet expired, a second before is', () => {
    expect(failures(serverCertificateExpired, { serverCertificates: [cert('edge', NOW.toISOString())] })).toEqual([]);
    const justBefore = new Date(NOW.getTime() - 1000).toISOString();
    expect(failures(serverCertificateExpired, { serverCertificates: [cert('edge', justBefore)] }).map((f) => f.message)).toEqual(['Server certificate edge expired on 2026-10-31 (today)']);
  });

  it('passes for valid certificates and an empty list', () => {
    expect(failures(serverCertificateExpired, { serverCertificates: [cert('api', '2027-06-01T00:00:00Z')] })).toEqual([]);
    expect(failures(serverCertificateExpired, { serverCertificates: [] })).toEqual([]);
  });

  it('is skipped when server-certificates.json was not collected', () => {
    expect(run([serverCertificateExpired], { omit: ['serverCertificates'] }).skippedChecks).toEqual([{ checkId: 'server-certificate-expired', missing: ['serverCertificates'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(serverCertificateExpired).toMatchObject({ id: 'server-certificate-expired', severity: 'medium', inputs: ['serverCertificates'] });
    expect(serverCertificateExpired.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.19', 'CIS v5.0.0 1.18', 'SecurityHub IAM.26']);
  });
});
