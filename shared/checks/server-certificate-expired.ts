import type { Check, CheckFailure } from '../model.js';
import { days } from './lib/credentials.js';
import { cis } from './lib/references.js';
import { ageDays, isoDay } from './lib/time.js';

export const serverCertificateExpired: Check = {
  id: 'server-certificate-expired',
  title: 'Expired IAM server certificate',
  severity: 'medium',
  practice:
    'Remove expired SSL/TLS certificates from IAM: one deployed by mistake to a load balancer or CloudFront breaks the service and looks untrustworthy to its users, and a stale one left in IAM is easy to deploy by mistake.',
  references: [...cis('1.19', '1.18'), { standard: 'SecurityHub', id: 'IAM.26' }],
  remediation:
    'Make sure nothing uses the certificate, then delete it: aws iam delete-server-certificate --server-certificate-name <name>. Prefer AWS Certificate Manager, which renews certificates itself.',
  inputs: ['serverCertificates'],
  resourceKinds: ['account'],
  evaluate(snapshot, _config, now) {
    const out: CheckFailure[] = [];
    for (const c of snapshot.serverCertificates ?? []) {
      if (c.expiration === null || c.expiration >= now.getTime()) continue;
      const ago = ageDays(c.expiration, now) ?? 0;
      out.push({
        resource: c.arn,
        message: `Server certificate ${c.name} expired on ${isoDay(c.expiration)} (${ago === 0 ? 'today' : `${days(ago)} ago`})`,
        details: { name: c.name, path: c.path, expiration: new Date(c.expiration).toISOString(), expiredDaysAgo: ago },
      });
    }
    return out;
  },
};
