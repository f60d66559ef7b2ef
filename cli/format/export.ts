/**
 * The formats other tools read (design.md "CLI" and "Findings out"):
 * `--format ocsf` (scan, detect, findings: one JSON array of OCSF 1.3.0
 * events), `--format asff` (scan, findings, and detect: one JSON array of
 * ASFF findings for Security Hub), `--format junit` (scan: JUnit XML for CI
 * test reporters). The mapping itself lives in shared/export.
 */
import { asffDetection, asffFinding } from '../../shared/export/asff.js';
import { detectionFinding, complianceFinding } from '../../shared/export/ocsf.js';
import { MissingRegionError, clientRegion, securityHubClient } from '../../shared/export/securityhub.js';
import { findingOfState, findingsOfEvaluation } from '../../shared/export/subject.js';
import { scanJunit } from '../../shared/export/junit.js';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { UsageError } from '../../shared/errors.js';
import type { Detection } from '../../shared/model.js';
import type { FindingState } from '../../shared/store/types.js';

/** --format values each command takes beyond table, json and csv. */
export const SCAN_EXPORT_FORMATS = ['ocsf', 'asff', 'junit'] as const;
export const FINDINGS_EXPORT_FORMATS = ['ocsf', 'asff'] as const;
export const DETECT_EXPORT_FORMATS = ['ocsf', 'asff'] as const;

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export function scanOcsf(e: Evaluation): string {
  return json(findingsOfEvaluation(e).map(complianceFinding));
}

export function findingsOcsf(states: readonly FindingState[]): string {
  return json(states.map((s) => complianceFinding(findingOfState(s))));
}

/** `accountOf` names the account each detection's CloudTrail event was recorded in. */
export function detectionsOcsf(detections: readonly Detection[], accountOf: (d: Detection) => string): string {
  return json(detections.map((d) => detectionFinding(d, accountOf(d))));
}

export function scanAsff(e: Evaluation, region: string): string {
  return json(findingsOfEvaluation(e).map((f) => asffFinding(f, { region })));
}

export function findingsAsff(states: readonly FindingState[], region: string): string {
  return json(states.map((s) => asffFinding(findingOfState(s), { region })));
}

export function detectionsAsff(detections: readonly Detection[], accountOf: (d: Detection) => string, region: string): string {
  return json(detections.map((d) => asffDetection(d, accountOf(d), { region })));
}

export { scanJunit };

/**
 * The Region an ASFF ProductArn names: the SDK's Region setting (AWS_REGION,
 * the profile's region), as `export securityhub` would use it, so both give
 * the same finding. Resolved before any work, so a missing one costs nothing.
 */
export async function asffRegion(command: string): Promise<string> {
  const client = securityHubClient();
  try {
    return await clientRegion(client);
  } catch (e) {
    if (e instanceof MissingRegionError) throw new UsageError(`${command}: --format asff needs an AWS Region for the Security Hub ProductArn: set AWS_REGION or a profile region`);
    throw e;
  } finally {
    client.destroy();
  }
}
