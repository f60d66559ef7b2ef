/**
 * The handbook's second worked example (examples/v2: "the catalog's second
 * set of checks"), copied into test/fixtures/v2-example: every finding of the
 * whole catalog for it, exactly, with severities, the conditional mark and
 * the escalation paths' methods in order.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { useManagedPolicyLibrary } from '../../shared/policy/managed-library.js';
import { awsManagedPolicies } from '../../shared/policy/aws-managed-policies.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';

const DIR = fileURLToPath(new URL('../fixtures/v2-example/', import.meta.url));

interface Expected {
  readonly now: string;
  readonly findings: { checkId: string; resource: string; severity: string; conditional?: boolean; path?: string[] }[];
}

const key = (f: { checkId: string; resource: string; severity: string; conditional?: boolean; path?: string[] }) =>
  JSON.stringify([f.checkId, f.resource, f.severity, f.conditional === true, f.path ?? null]);

async function scan() {
  const expected = JSON.parse(await readFile(`${DIR}expected-findings.json`, 'utf8')) as Expected;
  const { snapshot, errors } = await readSnapshotFolder(`${DIR}snapshot`);
  expect(errors).toEqual([]);
  expect(snapshot.gaps).toEqual([]);
  return { expected, evaluation: evaluate(snapshot, CHECKS, makeConfig(), new Date(expected.now)) };
}

describe('handbook example v2', () => {
  it('gives exactly the expected findings: checks, resources, severities, conditional marks, paths', async () => {
    const { expected, evaluation } = await scan();
    const actual = evaluation.findings.map((f) =>
      key({
        checkId: f.checkId,
        resource: f.resource,
        severity: f.severity,
        conditional: f.details.conditional === true,
        ...(f.checkId === 'privilege-escalation' ? { path: (f.details.path as { method: string }[]).map((s) => s.method) } : {}),
      }),
    );
    expect(actual.sort()).toEqual(expected.findings.map(key).sort());
    expect(evaluation.skippedChecks).toEqual([]);
    expect(evaluation.unjudged).toBeUndefined();
  });

  it('names the steps\' targets and explains them', async () => {
    const { evaluation } = await scan();
    const cora = evaluation.findings.find((f) => f.checkId === 'privilege-escalation' && f.resource.endsWith('user/cora'))!;
    expect(cora.details.path).toEqual([
      { method: 'assume-role', target: 'arn:aws:iam::222233334444:role/etl-runner' },
      { method: 'pass-role', target: 'arn:aws:iam::222233334444:role/batch-admin' },
    ]);
    const ben = evaluation.findings.find((f) => f.checkId === 'privilege-escalation' && f.resource.endsWith('user/ben'))!;
    expect(ben.message).toBe('ben can set a console password for user ana (iam:CreateLoginProfile), and user ana has administrator rights');
  });

  it('needs no library of AWS managed policies: the documents it uses are in its Policies', async () => {
    useManagedPolicyLibrary(null);
    try {
      const { expected, evaluation } = await scan();
      expect(evaluation.findings).toHaveLength(expected.findings.length);
    } finally {
      useManagedPolicyLibrary(awsManagedPolicies);
    }
  });
});
