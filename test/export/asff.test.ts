/**
 * ASFF for Security Hub: every finding of the demo account and every stored
 * status checked against AWS's model of AwsSecurityFinding and the ASFF
 * field rules (./asff-shape.ts); the lifecycle mapping; limits; the Id
 * shared with OCSF.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ASFF_LIMITS, asffDetection, asffFinding, asffId, fit, productArn } from '../../shared/export/asff.js';
import { complianceFinding } from '../../shared/export/ocsf.js';
import { findingOfState } from '../../shared/export/subject.js';
import type { Detection } from '../../shared/model.js';
import { cli } from '../cli/run-cli.js';
import { asffErrors } from './asff-shape.js';
import { ACCOUNT, STATES, state } from './fixtures.js';

const REGION = 'eu-west-1';
const target = { region: REGION };

describe('scan --format asff (demo account)', () => {
  let findings: Record<string, any>[];
  let ocsf: Record<string, any>[];
  beforeAll(async () => {
    vi.stubEnv('AWS_REGION', REGION);
    const out = await cli(['scan', '--snapshot', 'examples/demo-account', '--now', '2026-11-01T00:00:00Z', '--format', 'asff']);
    vi.unstubAllEnvs();
    expect(out.code).toBe(0);
    findings = JSON.parse(out.stdout);
    ocsf = JSON.parse((await cli(['scan', '--snapshot', 'examples/demo-account', '--now', '2026-11-01T00:00:00Z', '--format', 'ocsf'])).stdout);
  });

  it('is one JSON array of valid ASFF findings, one per failing item', () => {
    expect(findings).toHaveLength(ocsf.length);
    expect(findings.map((f) => ({ id: f.Id, errors: asffErrors(f) })).filter((r) => r.errors.length > 0)).toEqual([]);
  });

  it('names the account\'s default product in the SDK\'s Region, and the check as generator', () => {
    for (const f of findings) {
      expect(f.ProductArn).toBe(`arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`);
      expect(f.AwsAccountId).toBe(ACCOUNT);
      expect(f.GeneratorId).toBe(f.Id.split(':')[2]);
      expect(f).toMatchObject({ SchemaVersion: '2018-10-08', RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' }, Workflow: { Status: 'NEW' } });
      expect(f.CreatedAt).toBe('2026-11-01T00:00:00.000Z');
    }
  });

  it('has the same Id as the OCSF finding_info.uid', () => {
    expect(findings.map((f) => f.Id)).toEqual(ocsf.map((e) => e.finding_info.uid));
  });

  it('types every resource: account, user, role, group, policy, trail; a server certificate (no ASFF type) is Other', () => {
    expect(new Set(findings.map((f) => f.Resources[0].Type))).toEqual(new Set(['AwsAccount', 'AwsIamUser', 'AwsIamRole', 'AwsIamGroup', 'AwsIamPolicy', 'AwsCloudTrailTrail', 'Other']));
    expect(findings.filter((f) => f.Resources[0].Type === 'Other').map((f) => f.GeneratorId)).toEqual(['server-certificate-expired']);
    const account = findings.find((f) => f.Resources[0].Type === 'AwsAccount')!;
    expect(account.Resources[0]).toEqual({ Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}`, Partition: 'aws', Region: REGION });
    const trail = findings.find((f) => f.Resources[0].Type === 'AwsCloudTrailTrail')!;
    expect(trail.Resources[0]).toMatchObject({ Id: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/acme-management`, Region: 'us-east-1', Details: { AwsCloudTrailTrail: { Name: 'acme-management' } } });
  });

  it('labels severities as Security Hub does, and marks CIS checks with the CIS type', () => {
    expect(new Set(findings.map((f) => f.Severity.Label))).toEqual(new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']));
    const rootMfa = findings.find((f) => f.GeneratorId === 'root-mfa')!;
    expect(rootMfa.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark']);
    expect(rootMfa.Compliance.RelatedRequirements).toEqual(['CIS v3.0.0 1.5', 'CIS v5.0.0 1.4', 'Security Hub IAM.9', 'AWS Config root-account-mfa-enabled']);
    expect(rootMfa.FindingProviderFields).toEqual({ Severity: rootMfa.Severity, Types: rootMfa.Types });
  });

  it('without a Region it refuses with one line and exit 2', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent');
    vi.stubEnv('AWS_PROFILE', '');
    const out = await cli(['scan', '--snapshot', 'examples/demo-account', '--format', 'asff']);
    vi.unstubAllEnvs();
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe('iam-sentinel: scan: --format asff needs an AWS Region for the Security Hub ProductArn: set AWS_REGION or a profile region');
  });
});

describe('stored findings as ASFF', () => {
  afterEach(() => vi.unstubAllEnvs());
  const [open, suppressed, resolved] = STATES.map((s) => asffFinding(findingOfState(s), target));

  it('are valid in every status', () => {
    expect([open, suppressed, resolved].flatMap((f) => asffErrors(f as unknown as Record<string, unknown>))).toEqual([]);
  });

  it('open: FAILED, ACTIVE; suppressed: WARNING, Workflow SUPPRESSED; resolved: PASSED, ARCHIVED', () => {
    expect([open, suppressed, resolved].map((f) => [f.Compliance?.Status, f.RecordState, f.Workflow?.Status])).toEqual([
      ['FAILED', 'ACTIVE', 'NEW'],
      ['WARNING', 'ACTIVE', 'SUPPRESSED'],
      ['PASSED', 'ARCHIVED', 'RESOLVED'],
    ]);
    expect(suppressed.ProductFields['iam-sentinel/suppression']).toBe('rotated by the deploy pipeline in December');
  });

  it('dates from the history: created when first seen, updated when it last became what it is', () => {
    expect(open).toMatchObject({ CreatedAt: '2026-11-01T00:00:00.000Z', UpdatedAt: '2026-11-02T00:00:00.000Z', FirstObservedAt: '2026-11-01T00:00:00.000Z', LastObservedAt: '2026-11-02T00:00:00.000Z' });
    expect(resolved.UpdatedAt).toBe('2026-11-03T00:00:00.000Z');
  });

  it('the same state gives the same finding, Id and UpdatedAt (what makes a re-import change nothing)', () => {
    expect(asffFinding(findingOfState(STATES[0]), target)).toEqual(open);
    expect(open.Id).toBe(complianceFinding(findingOfState(STATES[0])).finding_info && (complianceFinding(findingOfState(STATES[0])).finding_info as { uid: string }).uid);
  });

  it('keeps to Security Hub\'s lengths: Title 256, Description 1,024, recommendation 512, Id 512', () => {
    const long = asffFinding(findingOfState(state({ checkId: 'root-mfa', resource: `arn:aws:iam::${ACCOUNT}:root`, title: 'T'.repeat(400), message: 'é'.repeat(3000) })), target);
    expect([...long.Title]).toHaveLength(ASFF_LIMITS.title);
    expect([...long.Description]).toHaveLength(ASFF_LIMITS.description);
    expect(long.Description.endsWith('…')).toBe(true);
    expect(asffErrors(long as unknown as Record<string, unknown>)).toEqual([]);
    const deep = `arn:aws:iam::${ACCOUNT}:policy/${'p/'.repeat(300)}name`;
    const id = asffId(`iam-sentinel:${ACCOUNT}:admin-policy:${deep}`);
    expect(id.length).toBeLessThanOrEqual(512);
    expect(asffId(`iam-sentinel:${ACCOUNT}:admin-policy:${deep}`)).toBe(id);
    expect(asffId(`iam-sentinel:${ACCOUNT}:admin-policy:${deep}x`)).not.toBe(id);
    expect(fit('short', 10)).toBe('short');
  });

  it('the ProductArn is in the Region\'s partition', () => {
    expect(productArn('cn-north-1', ACCOUNT)).toBe(`arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(productArn('us-gov-west-1', ACCOUNT)).toBe(`arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('a resource that is no IAM entity or trail is "Other"', () => {
    const f = asffFinding(findingOfState(state({ checkId: 'monitor', resource: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` })), target);
    expect(f.Resources[0]).toEqual({ Type: 'Other', Id: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, Partition: 'aws', Region: 'us-east-1' });
    expect(asffErrors(f as unknown as Record<string, unknown>)).toEqual([]);
  });
});

describe('detections as ASFF', () => {
  const detection: Detection = {
    ruleId: 'mfa-removed',
    severity: 'high',
    eventId: '5d4c3b2a-0000-4000-8000-000000000001',
    eventName: 'DeactivateMFADevice',
    eventTime: '2026-11-12T09:35:40Z',
    actor: `arn:aws:iam::${ACCOUNT}:user/oscar.lind`,
    sourceIp: '198.51.100.31',
    resource: `arn:aws:iam::${ACCOUNT}:user/carol.diaz`,
    message: 'MFA was removed from carol.diaz',
  };

  it('are valid behaviour findings without a compliance status, named by rule and event', () => {
    const f = asffDetection(detection, ACCOUNT, target);
    expect(asffErrors(f as unknown as Record<string, unknown>)).toEqual([]);
    expect(f).toMatchObject({ Id: `iam-sentinel:${ACCOUNT}:mfa-removed:${detection.eventId}`, GeneratorId: 'mfa-removed', Types: ['Unusual Behaviors/User'], RecordState: 'ACTIVE', CreatedAt: detection.eventTime });
    expect(f.Compliance).toBeUndefined();
    const noResource = asffDetection({ ...detection, resource: null }, ACCOUNT, target);
    expect(noResource.Resources[0]).toMatchObject({ Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}` });
  });

  it('detect --format asff gives one per detection', async () => {
    vi.stubEnv('AWS_REGION', REGION);
    const out = await cli(['detect', '--events', 'examples/demo-events', '--format', 'asff']);
    vi.unstubAllEnvs();
    const all = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(all.length).toBeGreaterThan(10);
    expect(all.flatMap(asffErrors)).toEqual([]);
  });
});
