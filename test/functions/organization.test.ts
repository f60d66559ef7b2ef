/**
 * What the hub's functions report: the metrics the alarms watch (the count
 * of accounts not audited twice in a row, zero included, every run), and an
 * account not audited as a result the state machine routes, not as an
 * invocation error.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRIC, observability } from '../../shared/lambda/observability.js';
import { reportMemberAudit, reportOrganizationRunOutcome } from '../../shared/lambda/outcomes.js';
import { captureOutput, emfMetrics } from './harness.js';

afterEach(() => vi.restoreAllMocks());

const report = (failed: number, twice: number) => ({
  organizationId: 'o-abcdef123456',
  time: '2026-11-20T12:00:00.000Z',
  accounts: 10,
  audited: 10 - failed,
  failed: Array.from({ length: failed }, (_, i) => ({ id: String(200000000000 + i), name: `a${i}`, ouName: null, reason: 'AccessDenied', consecutiveFailures: i < twice ? 2 : 1 })),
  failedTwiceOrMore: twice,
  complete: true,
});

describe('the organization report\'s metrics', () => {
  it('emits accounts not audited and not audited twice, zero included, under the service dimension', () => {
    const printed = captureOutput();
    const tools = observability({ POWERTOOLS_SERVICE_NAME: 'iam-sentinel-hub' });
    reportOrganizationRunOutcome(tools, report(0, 0));
    tools.metrics.publishStoredMetrics();
    const clean = emfMetrics(printed);
    expect(clean.values[METRIC.accountsNotAudited]).toBe(0);
    expect(clean.values[METRIC.accountsNotAuditedTwice]).toBe(0);
    expect(clean.values[METRIC.accountsAudited]).toBe(10);
    expect(clean.services).toEqual(new Set(['iam-sentinel-hub']));

    printed.length = 0;
    reportOrganizationRunOutcome(tools, report(3, 1));
    tools.metrics.publishStoredMetrics();
    expect(emfMetrics(printed).values).toMatchObject({ [METRIC.accountsNotAudited]: 3, [METRIC.accountsNotAuditedTwice]: 1 });
  });
});

describe('one member account\'s result', () => {
  it('an account not audited is a "failed" result for the Map, logged as a warning, not thrown', () => {
    const printed = captureOutput();
    const tools = observability({ POWERTOOLS_SERVICE_NAME: 'iam-sentinel-hub' });
    const account = { id: '333333333333', name: 'orphan', status: 'ACTIVE', ouId: null, ouName: null };
    expect(reportMemberAudit(tools, { status: 'failed', account, reason: 'cannot assume …' })).toEqual({ status: 'failed', account: '333333333333', name: 'orphan', reason: 'cannot assume …' });
    expect(printed.join('')).toContain('Account not audited');
  });
});
