/**
 * scan --format junit: well-formed XML in the layout CI reporters read
 * (testsuites > testsuite per check > testcase, a failure per finding),
 * counts that add up, and every text escaped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CHECKS as CHECKS } from '../../shared/checks/index.js';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { scanJunit, xmlEscape } from '../../shared/export/junit.js';
import { cli } from '../cli/run-cli.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  skipped: string;
  testcase: Case[];
  properties?: { property: { name: string; value: string }[] };
}

function parse(xml: string): { testsuites: { tests: string; failures: string; skipped: string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

describe('scan --format junit (demo account)', () => {
  let xml: string;
  let json: { findings: { checkId: string; resource: string; message: string; severity: string }[] };
  beforeAll(async () => {
    const out = await cli(['scan', '--snapshot', 'examples/demo-account', '--now', '2026-11-01T00:00:00Z', '--format', 'junit', '--fail-on', 'critical']);
    // --fail-on still decides the exit status: a CI job can gate on either.
    expect(out.code).toBe(1);
    xml = out.stdout;
    json = (await cli(['scan', '--snapshot', 'examples/demo-account', '--now', '2026-11-01T00:00:00Z', '--format', 'json'])).json();
  });

  it('is well-formed XML with a declaration', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has a testsuite per check of the catalog, with its title and severity', () => {
    const { testsuites } = parse(xml);
    expect(testsuites.testsuite.map((s) => s.name).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    const rootMfa = testsuites.testsuite.find((s) => s.name === 'root-mfa')!;
    expect(rootMfa.properties?.property).toEqual([
      { name: 'title', value: 'Root user has no MFA' },
      { name: 'severity', value: 'critical' },
    ]);
  });

  it('a failure per finding, with its message; a passing case for a check with none', () => {
    const { testsuites } = parse(xml);
    const failures = testsuites.testsuite.flatMap((s) => s.testcase.filter((c) => c.failure).map((c) => ({ suite: s.name, ...c })));
    expect(failures).toHaveLength(json.findings.length);
    for (const f of json.findings) {
      const c = failures.find((x) => x.suite === f.checkId && x.name.startsWith(f.resource) && x.failure!.message === f.message);
      expect(c, `${f.checkId} ${f.resource}`).toBeDefined();
      expect(c!.failure!.type).toBe(f.severity);
      expect(c!.classname).toBe(`iam-sentinel.${f.checkId}`);
      expect(c!.failure!['#text']).toContain(f.message);
    }
    const passing = testsuites.testsuite.filter((s) => s.testcase.every((c) => !c.failure && !c.skipped));
    expect(passing.length).toBeGreaterThan(0);
    for (const s of passing) expect(s.testcase).toHaveLength(1);
  });

  it('counts add up at both levels', () => {
    const { testsuites } = parse(xml);
    let tests = 0;
    let failures = 0;
    for (const s of testsuites.testsuite) {
      expect(Number(s.tests)).toBe(s.testcase.length);
      expect(Number(s.failures)).toBe(s.testcase.filter((c) => c.failure).length);
      tests += s.testcase.length;
      failures += Number(s.failures);
    }
    expect(Number(testsuites.tests)).toBe(tests);
    expect(Number(testsuites.failures)).toBe(failures);
  });
});

describe('JUnit of partial and suppressed results', () => {
  const evaluation: Evaluation = {
    account: '123456789012',
    accountAlias: 'acme & <co>',
    evaluatedAt: '2026-11-01T00:00:00.000Z',
    findings: [
      {
        checkId: 'user-no-group',
        severity: 'low',
        resource: 'arn:aws:iam::123456789012:user/=cmd|" \'<x>&',
        title: 'User not in any group',
        message: 'User =cmd|"<x>& is in no group\u0000 and\tsays "hi" <b>',
        details: { note: ']]> & <' },
      },
    ],
    suppressed: [
      {
        checkId: 'access-key-age',
        severity: 'medium',
        resource: 'arn:aws:iam::123456789012:user/ci',
        qualifier: 'access_key_1',
        title: 'Access key older than 90 days',
        message: 'old',
        details: {},
        suppression: { reason: 'rotated <soon>', expires: null },
      },
    ],
    evaluatedChecks: ['user-no-group', 'access-key-age'],
    skippedChecks: [{ checkId: 'root-mfa', missing: ['credentialReport'] }],
    gaps: [{ input: 'credentialReport', reason: 'denied' }],
  };

  it('escapes every text, drops characters XML cannot hold, and marks suppressed and not-evaluated checks skipped', () => {
    const xml = scanJunit(evaluation);
    const { testsuites } = parse(xml);
    expect(testsuites).toMatchObject({ tests: '3', failures: '1', skipped: '2' });
    const [noGroup, keyAge, rootMfa] = testsuites.testsuite;
    expect(noGroup.testcase[0].name).toBe('arn:aws:iam::123456789012:user/=cmd|" \'<x>&');
    expect(noGroup.testcase[0].failure!.message).toBe('User =cmd|"<x>& is in no group\uFFFD and\tsays "hi" <b>');
    expect(noGroup.testcase[0].failure!['#text']).toContain(']]> & <');
    expect(keyAge.testcase[0]).toMatchObject({ name: 'arn:aws:iam::123456789012:user/ci (access_key_1)', skipped: { message: 'suppressed by config: rotated <soon>' } });
    expect(rootMfa.testcase[0]).toMatchObject({ name: 'not evaluated', skipped: { message: 'input not collected: credentialReport' } });
  });

  it('xmlEscape covers the five entities and attribute whitespace', () => {
    expect(xmlEscape(`<a href="x">'&'</a>\n\t`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#10;&#9;');
  });
});
