import type { Check } from '../model.js';
import { cis } from './lib/references.js';

export const securityContactMissing: Check = {
  id: 'security-contact-missing',
  title: 'No security contact is registered',
  severity: 'low',
  practice:
    'Register a SECURITY alternate contact for the account, ideally a monitored team address: AWS sends its security notices (exposed keys, abuse reports, compromised resources) there, and without one they reach only the account owner\'s address.',
  references: [...cis('1.2'), { standard: 'SecurityHub', id: 'Account.1' }],
  remediation:
    'aws account put-alternate-contact --alternate-contact-type SECURITY --email-address security@example.com --name "Security team" --phone-number "+1-555-0100" --title "Security"',
  inputs: ['securityContact'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const contact = snapshot.securityContact;
    // get-alternate-contact was asked for SECURITY; a contact of another type answers nothing about it.
    if (contact && (contact.type === null || contact.type.toUpperCase() === 'SECURITY')) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: `Account ${snapshot.accountId} has no SECURITY alternate contact: AWS security notices reach only the account owner's address`,
        details: { alternateContactType: 'SECURITY', found: contact?.type ?? null },
      },
    ];
  },
};
