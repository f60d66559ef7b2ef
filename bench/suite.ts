/**
 * Every measurement of `npm run bench`, in order (the packaged bundles last:
 * packaging is the slowest step and the one most likely to need a retry),
 * gathered into one result: the JSON document `--json` prints and the
 * source of the table and of RESULTS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../shared/config/schema.js';
import { writeBenchAccount, type AccountSize, type BenchAccount } from './accounts.js';
import { countFullAuditCalls, perUserApproachCalls } from './api-calls.js';
import { EMPTY_SCRIPT, findPackages, measureBundle, nodeProcessMs, packageFunctions } from './bundles.js';
import { measureDetection, serializedEvents } from './detection.js';
import { measureOrganization, type OrganizationFigures, type OrganizationPlan } from './organization.js';
import { measureEvaluation } from './evaluation.js';
import { describeMachine, type Machine } from './machine.js';
import { bundlePeakRssChild, measurePeakRss } from './peak-rss.js';
import { median, round } from './stats.js';
import { measureSteadyState } from './steady-state.js';
import { judgeTargets, type TargetResult } from './targets.js';

export interface BundlePlan {
  /** The repository: where `npm run package` runs. */
  readonly repo: string;
  /** Where the zips are (serverless writes .serverless/). */
  readonly packagesDir: string;
}

export interface BenchPlan {
  /** The smaller account: evaluation figures at this size show how cost scales. */
  readonly small: AccountSize;
  /** The account of the API-call, evaluation and memory figures. */
  readonly large: AccountSize;
  /** Which account is scanned twice against DynamoDB Local. */
  readonly steadyState: 'small' | 'large';
  /** CloudTrail records in the detection throughput run. */
  readonly events: number;
  /** Timed rounds of each measurement; figures are their medians. */
  readonly rounds: { readonly evaluation: number; readonly peakRss: number; readonly detection: number; readonly bundleImport: number };
  /** null: bundles not measured (the smoke test). */
  readonly bundles: BundlePlan | null;
  readonly config?: Config;
  /** A running DynamoDB Local for the steady-state scans; omitted, one is started for them. */
  readonly dynamoEndpoint?: string;
  /** `scan --org` over an emulated organization (bench/organization.ts); absent or null: not measured. */
  readonly organization?: OrganizationPlan | null;
}

/** What `npm run bench` runs: about 1.5 minutes on 2 cores, plus `npm run package` when nothing is packaged yet. */
export function fullPlan(repo: string): BenchPlan {
  return {
    small: { users: 1_000, policies: 5_000 },
    large: { users: 10_000, policies: 5_000 },
    // The 10k account takes about 45 s on DynamoDB Local (two scans, ~15k findings): affordable.
    steadyState: 'large',
    events: 100_000,
    rounds: { evaluation: 5, peakRss: 3, detection: 5, bundleImport: 5 },
    bundles: { repo, packagesDir: join(repo, '.serverless') },
    // About 2.5 minutes, most of it the 100 accounts one at a time (--concurrency 1).
    organization: { accounts: 100, users: 200, concurrency: [1, 8, 32], latencyMs: 30, assumeRoleMs: 60, oneAccountRounds: 3 },
  };
}

export interface AccountFigures {
  readonly users: number;
  readonly roles: number;
  readonly policies: number;
  readonly groups: number;
  readonly snapshotBytes: number;
}

export interface BundleResult {
  readonly function: string;
  readonly zipBytes: number;
  /** Median ms for a fresh node process to import the bundle, process start to exit. */
  readonly importMs: number;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: Machine;
  /** Keyed by size label, e.g. "1k", "10k". */
  readonly accounts: Record<string, AccountFigures>;
  readonly apiCallsFullAudit10k: number;
  readonly perUserApproachCalls10k: number;
  readonly evalMs10k: number;
  readonly parseMs10k: number;
  /** privilege-escalation alone (part of evalMs10k), on a snapshot read afresh. */
  readonly escalationMs10k: number;
  readonly peakRssMb10k: number;
  readonly detectEventsPerSec: number;
  readonly jsonParseEventsPerSec: number;
  readonly steadyStateHistoryWrites: number;
  /** History rows the first scan of the same account wrote (one per opened finding). */
  readonly firstScanWrites: number;
  /** null when not measured. */
  readonly bundles: BundleResult[] | null;
  readonly emptyNodeStartMs: number | null;
  /** `scan --org` over an emulated organization; null when not measured. */
  readonly organization: OrganizationFigures | null;
  readonly targets: TargetResult[];
  /** How each figure was taken: runs, breakdowns, the per-user formula. */
  readonly details: BenchDetails;
}

export interface BenchDetails {
  readonly largeAccount: string;
  readonly steadyStateAccount: string;
  readonly apiCallsByOperation10k: Record<string, number>;
  readonly perUserApproachFormula: string;
  readonly findings10k: number;
  readonly checksEvaluated: number;
  readonly evaluation: {
    readonly rounds: number;
    readonly parseMsRuns: number[];
    readonly evalMsRuns: number[];
    readonly escalationMsRuns: number[];
    readonly escalationPaths: number;
  };
  /** The same measurement on the smaller account, for scale. */
  readonly smallAccountEvaluation: { readonly account: string; readonly evalMs: number; readonly parseMs: number; readonly findings: number };
  readonly peakRss: { readonly rounds: number; readonly runsMb: number[]; readonly loadedRssMb: number; readonly what: string };
  readonly detection: {
    readonly records: number;
    readonly serializedBytes: number;
    readonly detections: number;
    readonly rounds: number;
    readonly jsonParseMsRuns: number[];
    readonly detectMsRuns: number[];
  };
  readonly steadyState: {
    readonly findings: number;
    readonly firstScan: Record<string, number>;
    readonly secondScan: Record<string, number>;
    readonly firstScanMs: number;
    readonly secondScanMs: number;
  };
  readonly bundles: { readonly rounds: number; readonly importMsRuns: Record<string, number[]>; readonly emptyNodeMsRuns: number[] } | null;
}

export type Log = (line: string) => void;

const roundAll = (values: readonly number[]) => values.map((v) => round(v));
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));

function accountFigures(a: BenchAccount): AccountFigures {
  return { users: a.users, roles: a.roles, policies: a.policies, groups: a.groups, snapshotBytes: a.snapshotBytes };
}

async function measureBundles(plan: BundlePlan, workDir: string, rounds: number, log: Log) {
  let zips = await findPackages(plan.packagesDir);
  if (zips.length === 0) {
    log(`no packages in ${plan.packagesDir}: running npm run package`);
    await packageFunctions(plan.repo);
    zips = await findPackages(plan.packagesDir);
    if (zips.length === 0) throw new Error(`npm run package wrote no .zip to ${plan.packagesDir}`);
  }
  const figures = [];
  for (const zip of zips) {
    log(`bundle ${zip}: importing ${rounds}× in fresh node processes`);
    figures.push(await measureBundle(zip, join(workDir, 'bundles'), rounds));
  }
  log(`empty node process: ${rounds}×`);
  const empty = nodeProcessMs(EMPTY_SCRIPT, rounds);
  return { figures, empty };
}

export async function runBenchmarks(plan: BenchPlan, log: Log): Promise<BenchResults> {
  const config = plan.config ?? defaultConfig;
  const workDir = await mkdtemp(join(tmpdir(), 'iam-sentinel-bench-'));
  try {
    log(`generating accounts in ${workDir}`);
    const small = await writeBenchAccount(workDir, plan.small);
    const large = await writeBenchAccount(workDir, plan.large);
    for (const a of [small, large]) log(`  ${a.label}: ${a.users} users, ${a.roles} roles, ${a.policies} policies, ${a.groups} groups, ${a.snapshotBytes} bytes`);

    log(`counting API calls of a full live audit (${large.label}, mocked SDK)`);
    const calls = await countFullAuditCalls(large.raw);
    if (calls.gaps.length > 0) throw new Error(`the live collection left gaps: ${calls.gaps.join('; ')}`);
    const perUser = perUserApproachCalls(large.users, large.roles);

    log(`reading and evaluating ${large.label}: ${plan.rounds.evaluation} rounds`);
    const evaluation = await measureEvaluation(large.dir, config, large.now, plan.rounds.evaluation);
    log(`reading and evaluating ${small.label}: ${plan.rounds.evaluation} rounds`);
    const smallEvaluation = await measureEvaluation(small.dir, config, small.now, plan.rounds.evaluation);

    log(`peak memory of read + evaluate ${large.label} in a child process: ${plan.rounds.peakRss} runs`);
    const child = await bundlePeakRssChild(workDir);
    const rss = [];
    for (let i = 0; i < plan.rounds.peakRss; i++) rss.push(await measurePeakRss(child, large.dir, large.now));

    log(`generating ${plan.events} CloudTrail records`);
    const text = serializedEvents(plan.events);
    log(`detection vs JSON.parse: ${plan.rounds.detection} rounds each`);
    const detection = await measureDetection(text, config, plan.rounds.detection);
    if (detection.malformed > 0) throw new Error(`${detection.malformed} generated records failed validation`);

    const scanned = plan.steadyState === 'large' ? large : small;
    log(`two identical scans of ${scanned.label} against DynamoDB Local`);
    const steady = await measureSteadyState(scanned.dir, config, scanned.now, plan.dynamoEndpoint ? { endpoint: plan.dynamoEndpoint } : {});

    const organization = plan.organization ? await measureOrganization(plan.organization, config, log) : null;

    const bundles = plan.bundles ? await measureBundles(plan.bundles, workDir, plan.rounds.bundleImport, log) : null;

    const evalMs10k = round(median(evaluation.evalMs));
    const parseMs10k = round(median(evaluation.parseMs));
    const escalationMs10k = round(median(evaluation.escalationMs));
    const detectEventsPerSec = perSecond(detection.records, median(detection.detectMs));
    const jsonParseEventsPerSec = perSecond(detection.records, median(detection.jsonParseMs));
    const bundleResults = bundles?.figures.map((b) => ({ function: b.function, zipBytes: b.zipBytes, importMs: round(b.importMs) })) ?? null;

    return {
      date: new Date().toISOString(),
      machine: describeMachine(),
      accounts: { [small.label]: accountFigures(small), [large.label]: accountFigures(large) },
      apiCallsFullAudit10k: calls.total,
      perUserApproachCalls10k: perUser.total,
      evalMs10k,
      parseMs10k,
      escalationMs10k,
      peakRssMb10k: round(median(rss.map((r) => r.peakRssMb))),
      detectEventsPerSec,
      jsonParseEventsPerSec,
      steadyStateHistoryWrites: steady.second.writes.history,
      firstScanWrites: steady.first.writes.history,
      bundles: bundleResults,
      emptyNodeStartMs: bundles ? round(median(bundles.empty)) : null,
      organization: organization
        ? { ...organization, oneAccountMs: round(organization.oneAccountMs), oneAccountRuns: roundAll(organization.oneAccountRuns), runs: organization.runs.map((r) => ({ ...r, ms: round(r.ms) })) }
        : null,
      targets: judgeTargets({
        apiCallsFullAudit10k: calls.total,
        evalMs10k,
        parseMs10k,
        detectEventsPerSec,
        jsonParseEventsPerSec,
        steadyStateHistoryWrites: steady.second.writes.history,
        bundles: bundleResults,
      }),
      details: {
        largeAccount: large.label,
        steadyStateAccount: scanned.label,
        apiCallsByOperation10k: calls.byOperation,
        perUserApproachFormula: perUser.formula,
        findings10k: evaluation.findings,
        checksEvaluated: evaluation.checks,
        evaluation: {
          rounds: plan.rounds.evaluation,
          parseMsRuns: roundAll(evaluation.parseMs),
          evalMsRuns: roundAll(evaluation.evalMs),
          escalationMsRuns: roundAll(evaluation.escalationMs),
          escalationPaths: evaluation.escalationPaths,
        },
        smallAccountEvaluation: {
          account: small.label,
          evalMs: round(median(smallEvaluation.evalMs)),
          parseMs: round(median(smallEvaluation.parseMs)),
          findings: smallEvaluation.findings,
        },
        peakRss: {
          rounds: plan.rounds.peakRss,
          runsMb: roundAll(rss.map((r) => r.peakRssMb)),
          loadedRssMb: round(median(rss.map((r) => r.startRssMb))),
          what: 'a fresh node process that reads, parses and normalizes the snapshot folder, then evaluates every check',
        },
        detection: {
          records: detection.records,
          serializedBytes: detection.serializedBytes,
          detections: detection.detections,
          rounds: plan.rounds.detection,
          jsonParseMsRuns: roundAll(detection.jsonParseMs),
          detectMsRuns: roundAll(detection.detectMs),
        },
        steadyState: {
          findings: steady.first.findings,
          firstScan: steady.first.writes,
          secondScan: steady.second.writes,
          firstScanMs: round(steady.first.ms),
          secondScanMs: round(steady.second.ms),
        },
        bundles: bundles
          ? {
              rounds: plan.rounds.bundleImport,
              importMsRuns: Object.fromEntries(bundles.figures.map((b) => [b.function, roundAll(b.importRuns)])),
              emptyNodeMsRuns: roundAll(bundles.empty),
            }
          : null,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
