/**
 * Time to read a snapshot folder (read + JSON parse + schema validation +
 * normalization) and time to run every check on what was read; apart, the
 * time of privilege-escalation alone on a snapshot read afresh (its
 * effective permissions of every principal included, which the full
 * evaluation shares with admin-principal and privileged-user-no-mfa).
 *
 * Each round reads the folder afresh before evaluating: the checks memoize
 * per snapshot object (policy verdicts, admin rights), so evaluating one
 * snapshot twice would time the memo, not the checks. Process-wide caches
 * (compiled action patterns) stay warm, as in a warm Lambda.
 */
import { CHECKS } from '../shared/checks/index.js';
import { privilegeEscalation } from '../shared/checks/privilege-escalation.js';
import type { Config } from '../shared/config/schema.js';
import { evaluate } from '../shared/engine/evaluate.js';
import { readSnapshotFolder } from '../shared/snapshot/folder.js';
import { collectGarbage, timed } from './stats.js';

export interface EvaluationRuns {
  /** Per round, ms to read, parse and normalize the folder. */
  readonly parseMs: number[];
  /** Per round, ms to evaluate every check on the parsed snapshot. */
  readonly evalMs: number[];
  /** Per round, ms of privilege-escalation alone on a snapshot read afresh. */
  readonly escalationMs: number[];
  /** Escalation paths found (privilege-escalation findings). */
  readonly escalationPaths: number;
  readonly findings: number;
  readonly checks: number;
}

export async function measureEvaluation(dir: string, config: Config, now: Date, rounds: number): Promise<EvaluationRuns> {
  const parseMs: number[] = [];
  const evalMs: number[] = [];
  const escalationMs: number[] = [];
  let escalationPaths = 0;
  let findings = 0;
  let checks = 0;
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    const read = await timed(() => readSnapshotFolder(dir));
    if (read.value.errors.length > 0) throw new Error(`the generated snapshot does not read cleanly: ${read.value.errors[0].message}`);
    collectGarbage();
    const evaluation = await timed(() => evaluate(read.value.snapshot, CHECKS, config, now));
    parseMs.push(read.ms);
    evalMs.push(evaluation.ms);
    findings = evaluation.value.findings.length;
    checks = evaluation.value.evaluatedChecks.length;

    const fresh = await readSnapshotFolder(dir);
    collectGarbage();
    const escalation = await timed(() => evaluate(fresh.snapshot, [privilegeEscalation], config, now));
    escalationMs.push(escalation.ms);
    escalationPaths = escalation.value.findings.length;
  }
  return { parseMs, evalMs, escalationMs, escalationPaths, findings, checks };
}
