/**
 * A scan as JUnit XML, the format CI test reporters read (GitHub Actions
 * test reporters, GitLab's junit report, Jenkins, Azure Pipelines): one
 * <testsuite> per check, one <testcase> per failing (or suppressed) item of
 * it with a <failure> carrying the message, and one passing <testcase> for a
 * check with nothing failing. A check not run because an input was not
 * collected is one skipped test case, so a gap never reads as a pass.
 *
 * Suites follow the catalog's metadata (title, severity), never a fixed list
 * of checks. Every text is XML-escaped, attribute or element.
 */
import { metadataFor } from '../catalog.js';
import type { Evaluation } from '../engine/evaluate.js';
import { findingsOfEvaluation, type ExportFinding } from './subject.js';

/** Characters XML 1.0 forbids outright (control characters other than tab, newline, carriage return; lone surrogates; U+FFFE/F). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute value or element content (the attribute rules are the stricter, so one function serves both). */
export function xmlEscape(text: string): string {
  return text
    .replace(FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Element content keeps its line breaks (escaped only where XML needs it). */
function textContent(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

interface TestCase {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly body: string };
  readonly skipped?: string;
}

interface Suite {
  readonly checkId: string;
  readonly cases: readonly TestCase[];
}

function caseName(f: ExportFinding): string {
  return f.qualifier ? `${f.resource} (${f.qualifier})` : f.resource;
}

function failureBody(f: ExportFinding): string {
  const lines = [`${f.severity.toUpperCase()} ${f.checkId}: ${f.title}`, `resource: ${f.resource}${f.qualifier ? ` (${f.qualifier})` : ''}`, f.message];
  if (Object.keys(f.details).length > 0) lines.push(`details: ${JSON.stringify(f.details)}`);
  const remediation = metadataFor(f.checkId)?.remediation;
  if (remediation) lines.push(`remediation: ${remediation}`);
  return lines.join('\n');
}

function suitesOf(e: Evaluation): Suite[] {
  const byCheck = new Map<string, ExportFinding[]>();
  for (const f of findingsOfEvaluation(e)) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  const evaluated = e.evaluatedChecks.map((checkId): Suite => {
    const items = byCheck.get(checkId) ?? [];
    if (items.length === 0) return { checkId, cases: [{ name: 'no failing resource' }] };
    return {
      checkId,
      cases: items.map((f) =>
        f.status === 'suppressed'
          ? { name: caseName(f), skipped: `suppressed by config: ${f.suppression?.reason ?? ''}` }
          : { name: caseName(f), failure: { message: f.message, type: f.severity, body: failureBody(f) } },
      ),
    };
  });
  const skipped = e.skippedChecks.map((s): Suite => ({
    checkId: s.checkId,
    cases: [{ name: 'not evaluated', skipped: `input not collected: ${s.missing.join(', ')}` }],
  }));
  return [...evaluated, ...skipped];
}

/** The scan as one <testsuites> document. Timestamps are the evaluation time; no durations are measured, so every time is 0. */
export function scanJunit(e: Evaluation): string {
  const suites = suitesOf(e);
  const count = (pick: (c: TestCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const timestamp = e.evaluatedAt.replace(/\.\d{3}Z$/, 'Z');
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites${attributes({
      name: `iam-sentinel scan of ${e.account}${e.accountAlias ? ` (${e.accountAlias})` : ''}`,
      tests: count(() => true),
      failures: count((c) => Boolean(c.failure)),
      errors: 0,
      skipped: count((c) => Boolean(c.skipped)),
      time: 0,
      timestamp,
    })}>`,
  );
  suites.forEach((suite, index) => {
    const meta = metadataFor(suite.checkId);
    const failures = suite.cases.filter((c) => c.failure).length;
    const skipped = suite.cases.filter((c) => c.skipped).length;
    out.push(
      `  <testsuite${attributes({
        name: suite.checkId,
        id: index,
        tests: suite.cases.length,
        failures,
        errors: 0,
        skipped,
        time: 0,
        timestamp,
        hostname: e.account,
      })}>`,
    );
    if (meta) {
      out.push('    <properties>');
      out.push(`      <property${attributes({ name: 'title', value: meta.title })}/>`);
      out.push(`      <property${attributes({ name: 'severity', value: meta.severity })}/>`);
      out.push('    </properties>');
    }
    for (const c of suite.cases) {
      const head = `    <testcase${attributes({ name: c.name, classname: `iam-sentinel.${suite.checkId}`, time: 0 })}`;
      if (c.failure) {
        out.push(`${head}>`);
        out.push(`      <failure${attributes({ message: c.failure.message, type: c.failure.type })}>${textContent(c.failure.body)}</failure>`);
        out.push('    </testcase>');
      } else if (c.skipped !== undefined) {
        out.push(`${head}>`);
        out.push(`      <skipped${attributes({ message: c.skipped })}/>`);
        out.push('    </testcase>');
      } else {
        out.push(`${head}/>`);
      }
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
