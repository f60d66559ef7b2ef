import { describe, expect, it } from 'vitest';
import { checkIdProblem } from '../../shared/catalog.js';
import { CHECKS } from '../../shared/checks/index.js';
import { closestName, editDistance } from '../../shared/closest-name.js';
import { parseConfig } from '../../shared/config/load.js';
import { makeConfig } from '../../shared/config/schema.js';
import { RUN_CHECK_ID, selectChecks, selectsEverything } from '../../shared/engine/selection.js';
import { ConfigError } from '../../shared/errors.js';

const ids = (config: Parameters<typeof makeConfig>[0]) => selectChecks(CHECKS, makeConfig(config)).selected.map((c) => c.id);

describe('selectChecks', () => {
  it('selects every check by default, in catalog order', () => {
    const all = selectChecks(CHECKS, makeConfig());
    expect(all.selected).toEqual([...CHECKS]);
    expect(all.notSelected).toEqual([]);
    expect(selectsEverything(makeConfig())).toBe(true);
  });

  it('include keeps only the ids named, and collection-gap, which reports on the run itself', () => {
    expect(ids({ checks: { include: ['root-mfa', 'access-key-age'] } })).toEqual(['root-mfa', 'access-key-age', RUN_CHECK_ID]);
    const { notSelected } = selectChecks(CHECKS, makeConfig({ checks: { include: ['root-mfa'] } }));
    expect(notSelected).toHaveLength(CHECKS.length - 2);
    expect(notSelected).not.toContain('root-mfa');
  });

  it('exclude wins over include, and is the only way to drop collection-gap', () => {
    expect(ids({ checks: { include: ['root-mfa', 'access-key-age'], exclude: ['access-key-age'] } })).toEqual(['root-mfa', RUN_CHECK_ID]);
    expect(ids({ checks: { include: ['root-mfa'], exclude: [RUN_CHECK_ID] } })).toEqual(['root-mfa']);
    expect(ids({ checks: { exclude: ['root-mfa'] } })).toHaveLength(CHECKS.length - 1);
  });

  it('minSeverity compares the overridden severity, the one findings show; the edge is included', () => {
    const critical = ids({ checks: { minSeverity: 'critical' } });
    expect(critical).toEqual(['root-access-key', 'root-mfa', 'privileged-user-no-mfa', 'role-trust-any-principal', 'role-trust-oidc-unscoped', RUN_CHECK_ID]);
    // password-age is low in the catalog; overridden to critical it is in, root-mfa overridden to high is out.
    const overridden = ids({ checks: { minSeverity: 'critical' }, severityOverrides: { 'password-age': 'critical', 'root-mfa': 'high' } });
    expect(overridden).toContain('password-age');
    expect(overridden).not.toContain('root-mfa');
    expect(ids({ checks: { minSeverity: 'info' } })).toHaveLength(CHECKS.length);
  });

  it('keeps only the candidates given (targeted re-evaluation passes a subset)', () => {
    const subset = CHECKS.filter((c) => c.resourceKinds.includes('user'));
    const { selected, notSelected } = selectChecks(subset, makeConfig({ checks: { exclude: ['user-no-group'] } }));
    expect(selected.map((c) => c.id)).not.toContain('user-no-group');
    expect(notSelected).toEqual(['user-no-group']);
  });
});

describe('check ids', () => {
  it('names the closest check id for a typo', () => {
    expect(checkIdProblem('root-mfa')).toBeUndefined();
    expect(checkIdProblem('root-mf')).toBe('unknown check "root-mf" (did you mean "root-mfa"? iam-sentinel checks lists them)');
    expect(checkIdProblem('acess-key-age')).toContain('did you mean "access-key-age"?');
    expect(checkIdProblem('Password-Policy-Weak')).toContain('did you mean "password-policy-weak"?');
    expect(checkIdProblem('cloudtrail-multiregion')).toContain('did you mean "cloudtrail-multi-region"?');
  });

  it('says a detection rule is no check', () => {
    expect(checkIdProblem('mfa-removed')).toMatch(/^"mfa-removed" is a detection rule, not a check/);
  });

  it('editDistance and closestName', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(closestName('scna', ['scan', 'snapshot', 'checks'])).toBe('scan');
    expect(closestName('x', [])).toBeUndefined();
    // A tie goes to the name listed first.
    expect(closestName('ab', ['ax', 'xb'])).toBe('ax');
  });
});

describe('config checks', () => {
  const problem = (value: unknown) => {
    try {
      parseConfig(JSON.stringify(value), 'cfg.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('reads include, exclude and minSeverity', () => {
    const config = parseConfig(JSON.stringify({ checks: { include: ['root-mfa'], exclude: ['collection-gap'], minSeverity: 'high' } }), 'cfg.json');
    expect(config.checks).toEqual({ include: ['root-mfa'], exclude: ['collection-gap'], minSeverity: 'high' });
    expect(makeConfig().checks).toEqual({ exclude: [] });
  });

  it('names the place and the closest id of an unknown one', () => {
    expect(problem({ checks: { include: ['root-mfa', 'root-acces-key'] } })).toBe(
      'cfg.json: checks.include[1]: unknown check "root-acces-key" (did you mean "root-access-key"? iam-sentinel checks lists them)',
    );
    expect(problem({ checks: { exclude: ['root-activity'] } })).toMatch(/^cfg\.json: checks\.exclude\[0\]: "root-activity" is a detection rule/);
    expect(problem({ checks: { include: [] } })).toContain('checks.include: expected at least one check id');
    expect(problem({ checks: { minSeverity: 'severe' } })).toContain('checks.minSeverity:');
    expect(problem({ checks: { only: ['root-mfa'] } })).toContain('checks.only: unknown key');
  });
});
