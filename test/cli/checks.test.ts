/** `checks --format json|csv|markdown`: the catalog as data, from the metadata. */
import { describe, expect, it } from 'vitest';
import { referenceLabel } from '../../shared/catalog.js';
import { CHECKS } from '../../shared/checks/index.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { cli } from './run-cli.js';

describe('checks --format', () => {
  it('json: every check and rule with labelled references; checks with inputs and resource kinds', async () => {
    const r = await cli(['checks', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['checks', 'detections']);
    expect(doc.checks.map((c: any) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(doc.detections.map((d: any) => d.id)).toEqual(DETECTION_RULES.map((d) => d.id));
    for (const [i, check] of CHECKS.entries()) {
      const entry = doc.checks[i];
      expect(Object.keys(entry)).toEqual(['kind', 'id', 'title', 'severity', 'practice', 'references', 'remediation', 'inputs', 'resourceKinds']);
      expect(entry).toMatchObject({ kind: 'check', severity: check.severity, inputs: check.inputs, resourceKinds: check.resourceKinds, remediation: check.remediation });
      expect(entry.references).toEqual(check.references.map((ref) => ({ ...ref, label: referenceLabel(ref) })));
    }
    for (const entry of doc.detections) {
      expect(Object.keys(entry)).toEqual(['kind', 'id', 'title', 'severity', 'practice', 'references', 'remediation']);
      expect(entry.kind).toBe('detection');
    }
    const key = doc.checks.find((c: any) => c.id === 'access-key-age');
    expect(key.references[0]).toEqual({ standard: 'CIS', id: 'v3.0.0 1.14', label: 'CIS v3.0.0 1.14' });
  });

  it('csv: one row per check and rule, inputs joined', async () => {
    const lines = (await cli(['checks', '--format', 'csv'])).stdout.trim().split('\n');
    expect(lines[0]).toBe('kind,id,severity,title,references,practice,remediation,inputs,resourceKinds');
    expect(lines.filter((l) => /^(check|detection),/.test(l))).toHaveLength(CHECKS.length + DETECTION_RULES.length);
    expect(lines.find((l) => l.startsWith('check,access-key-age,'))).toMatch(/,credentialReport,user$/);
  });

  it('markdown: overview tables, then every check and rule in full, placeholders escaped', async () => {
    const md = (await cli(['checks', '--format', 'markdown'])).stdout;
    expect(md.startsWith('# iam-sentinel catalog\n')).toBe(true);
    expect(md).toContain(`## Periodic checks (${CHECKS.length})`);
    expect(md).toContain(`## Real-time detections (${DETECTION_RULES.length})`);
    for (const m of [...CHECKS, ...DETECTION_RULES]) expect(md).toContain(`### \`${m.id}\`: `);
    expect(md).toContain('- Inputs: credentialReport (`credential-report.csv`)');
    expect(md).toContain('--user-name &lt;user&gt;');
    expect(md).not.toMatch(/<user>/);
  });

  it('rejects another format in one line', async () => {
    const r = await cli(['checks', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('iam-sentinel: checks: --format must be one of table, json, csv, markdown (got "yaml")');
  });
});
