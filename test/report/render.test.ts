import { describe, expect, it } from 'vitest';
import { renderReport } from '../../cli/report/html.js';
import { CHECKS, isOrganizationCheck } from '../../shared/checks/index.js';
import { assembleReportData } from '../../cli/report/data.js';
import { HOSTILE, HOSTILE_ACTOR, HOSTILE_ALIAS, emptyReport, manyRunsReport, oneRunReport, run } from './fixtures.js';

const SECTIONS = ['trend', 'findings', 'suppressed', 'changes', 'detections', 'coverage'];

/** Every way a page can make the browser fetch something. */
function fetchReferences(page: string): string[] {
  const patterns = [
    /<(?:script|img|iframe|frame|embed|source|audio|video|track|input|object)\b[^>]*\b(?:src|data|srcset|poster)\s*=/gi,
    /<link\b/gi,
    /url\s*\(/gi,
    /@import/gi,
    /<(?:svg|image|use|feImage)\b[^>]*\b(?:xlink:)?href\s*=\s*["']?(?!#)/gi,
    /<meta\b[^>]*http-equiv\s*=\s*["']?refresh/gi,
    /\b(?:fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts)\b/g,
    /<base\b/gi,
    /<form\b/gi,
  ];
  return patterns.flatMap((p) => page.match(p) ?? []);
}

/** The text of the element with this id, up to the next section. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('renderReport', () => {
  it('(the fetch finder finds fetches)', () => {
    const fetches = `<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="https://x"><p style="background:url(https://x/y.png)"><img src="https://x/p.gif">`;
    expect(fetchReferences(fetches)).toHaveLength(4);
  });

  it('renders an empty store as a complete page that says nothing was audited yet', () => {
    const page = renderReport(emptyReport());
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of SECTIONS) section(page, id);
    expect(page).toContain('No account audited yet');
    expect(section(page, 'trend')).toContain('No audit recorded yet');
    expect(section(page, 'findings')).toContain('No audit recorded yet');
    expect(section(page, 'trend')).not.toContain('<svg');
    expect(section(page, 'coverage')).toContain('Not run yet');
    expect(fetchReferences(page)).toEqual([]);
  });

  it('renders one run: header totals, a single column chart, findings with remediation, suppressed, changes, detections', () => {
    const page = renderReport(oneRunReport());
    for (const id of SECTIONS) section(page, id);

    expect(page).toMatch(/<a class="total total-critical" href="#open-critical">\s*<span class="total-label">Critical<\/span>\s*<span class="total-count">1<\/span>/);
    expect(page).toContain('Last audit');
    // The account checks, all evaluated; organization checks run once per organization and are not counted.
    const accountChecks = CHECKS.filter((c) => !isOrganizationCheck(c)).length;
    expect(page).toContain(`<dt>Checks evaluated</dt><dd>${accountChecks} of ${accountChecks}</dd>`);

    const trend = section(page, 'trend');
    expect(trend).toContain('<svg class="chart"');
    expect(trend.match(/<rect class="band fill-/g)).toHaveLength(2);
    expect(trend).toContain('One audit so far');

    const findings = section(page, 'findings');
    expect(findings).toContain('id="open-critical"');
    expect(findings).toContain('root-access-key');
    expect(findings).toContain('Root user has an active access key');
    expect(findings).toContain('access_key_1');
    expect(findings).toMatch(/<details class="remediation">\s*<summary>How to fix<\/summary>/);
    expect(findings).toContain('<code class="cmd">aws iam delete-access-key --access-key-id &lt;AKIA...&gt;</code>');
    expect(findings).toContain('Security Hub IAM.4');
    // Critical comes before high.
    expect(findings.indexOf('id="open-critical"')).toBeLessThan(findings.indexOf('id="open-high"'));

    const suppressed = section(page, 'suppressed');
    expect(suppressed).toContain('workload-user-keys');
    expect(suppressed).toContain('2027-01-31');

    expect(section(page, 'changes')).toContain('Opened');
    expect(section(page, 'changes')).toContain('Suppressed');
    const detections = section(page, 'detections');
    expect(detections).toContain('root-access-key-created');
    expect(detections).toContain('192.0.2.45');
    expect(detections).toContain('CreateAccessKey');
    expect(fetchReferences(page)).toEqual([]);
  });

  it('says which checks a partial audit left out: not selected, not evaluated, in the header count and the coverage table', () => {
    const at = '2026-11-30T00:00:00.000Z';
    const data = assembleReportData({ now: new Date('2026-12-01T00:00:00.000Z'), findings: [], runs: [run(at, {}, { notSelectedChecks: ['password-age', 'user-no-group'] })], history: [], detections: [] });
    const rows = new Map(data.coverage.checks.map((r) => [r.entry.id, r.status]));
    expect(rows.get('password-age')).toBe('not-selected');
    expect(rows.get('user-no-group')).toBe('not-selected');
    expect(rows.get('root-mfa')).toBe('evaluated');
    const page = renderReport(data);
    const accountChecks = CHECKS.filter((c) => !isOrganizationCheck(c)).length;
    expect(page).toContain(`<dt>Checks evaluated</dt><dd>${accountChecks - 2} of ${accountChecks}</dd>`);
    expect(section(page, 'coverage')).toContain('<span class="status status-not-selected">Not selected</span>');
  });

  it('escapes every string from the data: ARNs, messages, alias, actor, suppression reason', () => {
    const page = renderReport(oneRunReport());
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain(HOSTILE_ALIAS);
    expect(page).not.toContain('<b>mallory</b>');
    expect(page).not.toMatch(/<img\b/i);
    expect(page.match(/<script\b/gi)).toHaveLength(1);
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(page).toContain('acme&lt;/title&gt;&lt;script&gt;alert(&#39;alias&#39;)&lt;/script&gt;');
    expect(page).toContain(`title="${HOSTILE_ACTOR.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
    expect(page).toContain(`migrating &lt;img`);
    // The title element holds the escaped alias and nothing breaks out of it.
    expect(page).toMatch(/<title>IAM compliance report – acme&lt;\/title&gt;&lt;script&gt;/);
  });

  it('renders hundreds of runs as one step chart with date ticks, and lists the latest runs', () => {
    const page = renderReport(manyRunsReport(400));
    const trend = section(page, 'trend');
    expect(trend.match(/<path class="band fill-/g)).toHaveLength(5);
    // Too many runs for markers; the runs table lists the latest 30.
    expect(trend).not.toContain('<circle');
    expect(trend).toContain('The 30 latest of 400 runs');
    const ticks = [...trend.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((t) => /^[A-Z][a-z]{2} \d{4}$/.test(t))).toBe(true);
    // The latest audit missed trails: the header says so, coverage marks the trail checks skipped.
    expect(page).toContain('Incomplete audit');
    expect(section(page, 'coverage')).toMatch(/cloudtrail-multi-region[\s\S]*?Skipped[\s\S]*?not collected: trails/);
    expect(fetchReferences(page)).toEqual([]);
  });

  it('draws two runs as steps with a marker per run and a legend naming every severity', () => {
    const page = renderReport(manyRunsReport(2));
    const trend = section(page, 'trend');
    expect(trend.match(/<circle /g)).toHaveLength(2);
    for (const label of ['Critical', 'High', 'Medium', 'Low', 'Info', 'Total open']) expect(trend).toContain(`>${label}</text>`);
    expect(trend).toMatch(/<desc id="trend-desc">2 points from/);
  });

  it('follows dark mode and has a print layout, with only the small print script inline', () => {
    const page = renderReport(oneRunReport());
    expect(page).toContain('prefers-color-scheme: dark');
    expect(page).toContain('@media print');
    expect(page).toMatch(/<script>addEventListener\('beforeprint'/);
  });

  it('is a pure function of its data', () => {
    expect(renderReport(manyRunsReport(30))).toBe(renderReport(manyRunsReport(30)));
  });
});
