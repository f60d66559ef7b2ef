/**
 * The demo's story in a store, for the report's screenshot and for a look
 * at the report by hand: Acme's account scanned on 2026-11-20
 * (examples/demo-account) and after the clean-up on 2026-12-18
 * (examples/demo-account-remediated), with November's CloudTrail detections
 * (examples/demo-events).
 */
import { CHECKS } from '../../shared/checks/index.js';
import { loadConfig } from '../../shared/config/load.js';
import type { Config } from '../../shared/config/schema.js';
import { detectFromPaths } from '../../shared/detections/detect.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { applyEvaluation, recordDetections } from '../../shared/pipeline/apply.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';
import type { FindingStore } from '../../shared/store/types.js';
import type { ReportAccount } from '../../cli/report/data.js';

export const DEMO_SCANS = [
  { folder: 'examples/demo-account', now: '2026-11-20T12:00:00Z' },
  { folder: 'examples/demo-account-remediated', now: '2026-12-18T12:00:00Z' },
] as const;

export const DEMO_EVENTS = 'examples/demo-events';
export const DEMO_CONFIG = 'examples/iam-sentinel.config.json';

/**
 * One suppression beside the demo configuration, so the report shows one:
 * the CI user's keys are accepted until its move to OIDC federation.
 */
export function withDemoSuppression(config: Config): Config {
  return {
    ...config,
    suppressions: [
      ...config.suppressions,
      {
        checkId: 'workload-user-keys',
        resource: 'arn:aws:iam::123456789012:user/ci-deploy',
        reason: 'CI moves to GitHub Actions OIDC federation in January (SEC-142)',
        expires: '2027-01-31T00:00:00Z',
      },
    ],
  };
}

export async function fillDemoStore(store: FindingStore, root = '.'): Promise<ReportAccount> {
  const config = withDemoSuppression(await loadConfig(`${root}/${DEMO_CONFIG}`));
  let account: ReportAccount | undefined;
  for (const scan of DEMO_SCANS) {
    const { snapshot, errors } = await readSnapshotFolder(`${root}/${scan.folder}`);
    if (errors.length > 0) throw errors[0];
    const evaluation = evaluate(snapshot, CHECKS, config, new Date(scan.now));
    await applyEvaluation(store, evaluation, config);
    account = { account: evaluation.account, alias: evaluation.accountAlias };
  }
  if (!account) throw new Error('no demo scan');
  const { detections, inputErrors } = await detectFromPaths([`${root}/${DEMO_EVENTS}`], config);
  if (inputErrors.length > 0) throw inputErrors[0];
  await recordDetections(store, detections, account.account, account.alias, config);
  return account;
}
