import { describe, expect, it } from 'vitest';
import { ACTION_COUNT, ActionSet, SERVICES, actionId, actionName, actionPatternMatches, actionSetOf, serviceRange } from '../../shared/policy/action-index.js';

const iam = serviceRange('iam')!;
const iamSize = iam.end - iam.start;

describe('actionSetOf', () => {
  it('reads every spelling of "every action" as every known action', () => {
    for (const p of ['*', '**', '*:*', '*:**', '?*:*', '*?:*?', '**:*']) {
      expect(actionSetOf(p).isEverything, p).toBe(true);
    }
  });

  it('reads every spelling of "all of IAM" as exactly the IAM actions', () => {
    for (const p of ['iam:*', 'IAM:*', 'iam:**', 'iam:*?', 'i?m:*', 'Iam:?*', 'iam*', 'i*m:*']) {
      const set = actionSetOf(p);
      expect(set.size, p).toBe(iamSize);
      expect(set.coversService(iam), p).toBe(true);
      expect(set.wholeServices().map((s) => s.service), p).toEqual(['iam']);
    }
  });

  it('matches case-insensitively, `?` as one character, `*` as any run, the service prefix included', () => {
    expect(actionSetOf('IAM:passrole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('iam:P?ssRole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('i?m:PassRole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('*:PassRole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('iam:Put*Policy').names()).toEqual(expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy']));
    expect(actionSetOf('s3:Get?bject').names()).toContain('s3:GetObject');
  });

  it('lets a wildcard stand for the colon only where the pattern has none of its own', () => {
    expect(actionSetOf('iam?PassRole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('iam*PassRole').names()).toEqual(['iam:PassRole']);
    expect(actionSetOf('iam:*:PassRole').size).toBe(0);
  });

  it('gives the empty set for a pattern no known action matches (a typo grants nothing)', () => {
    for (const p of ['iam:PassRol', 'notaservice:*', 'iam', 's3:GetObject*Typo?', '']) expect(actionSetOf(p).size, p).toBe(0);
  });

  it('treats regex characters literally', () => {
    expect(actionSetOf('iam:Pass.ole').size).toBe(0);
    expect(actionSetOf('iam:(PassRole)').size).toBe(0);
  });

  it('is the same set object for the same pattern (computed once)', () => {
    expect(actionSetOf('ec2:Describe*')).toBe(actionSetOf('ec2:Describe*'));
  });
});

describe('ActionSet', () => {
  it('unites, complements and counts per service', () => {
    const a = actionSetOf('iam:Get*');
    const b = actionSetOf('iam:List*');
    const u = ActionSet.union([a, b]);
    expect(u.size).toBe(a.size + b.size);
    expect(u.coversService(iam)).toBe(false);
    const rest = u.complement();
    expect(rest.size).toBe(ACTION_COUNT - u.size);
    expect(ActionSet.union([u, rest]).isEverything).toBe(true);
    expect(rest.has(actionId('iam:GetUser')!)).toBe(false);
    expect(rest.has(actionId('iam:PassRole')!)).toBe(true);
  });

  it('names whole services in id order, and lists ids of a range', () => {
    const s = ActionSet.union([actionSetOf('sts:*'), actionSetOf('iam:*'), actionSetOf('s3:GetObject')]);
    expect(s.wholeServices().map((r) => r.service)).toEqual(['iam', 'sts']);
    expect(s.idsIn(iam.start, iam.end)).toHaveLength(iamSize);
  });

  it('keeps service ranges contiguous and ordered', () => {
    let next = 0;
    for (const r of SERVICES) {
      expect(r.start).toBe(next);
      next = r.end;
      expect(actionName(r.start).startsWith(`${r.service}:`)).toBe(true);
    }
    expect(next).toBe(ACTION_COUNT);
  });
});

describe('actionPatternMatches', () => {
  it('judges action names the data may not know yet', () => {
    expect(actionPatternMatches('iam:*', 'iam:BrandNewAction')).toBe(true);
    expect(actionPatternMatches('*', 'newservice:Anything')).toBe(true);
    expect(actionPatternMatches('iam:Get*', 'iam:BrandNewAction')).toBe(false);
  });
});
