import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport, EventsReport } from '../../shared/lambda/outcomes.js';
import { captureOutput, endRun, demoEnvelope, lambdaContext, localRun, scheduledEvent, SERVICE, type LocalRun } from './harness.js';

const PARAMETER = '/iam-sentinel/test/config';
const ssm = mockClient(SSMClient);

let run: LocalRun;
let audit: (event: ScheduledEvent, context: Context) => Promise<AuditReport>;
let onEvent: (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<EventsReport>;

/** A DeleteTable call, as CloudTrail reports it through EventBridge. */
async function deleteTable(tableName: string, eventID: string): Promise<EventBridgeEvent<string, unknown>> {
  const envelope = await demoEnvelope('2026-11-12T0935Z-deactivatemfadevice.json');
  const detail = envelope.detail as Record<string, unknown>;
  return {
    ...envelope,
    source: 'aws.dynamodb',
    detail: { ...detail, eventSource: 'dynamodb.amazonaws.com', eventName: 'DeleteTable', requestParameters: { tableName }, eventID },
  };
}

beforeAll(async () => {
  // The deployed shape: config from the SSM parameter, no config file.
  run = await localRun('fn-config', { IAM_SENTINEL_CONFIG: '', IAM_SENTINEL_CONFIG_PARAMETER: PARAMETER });
  ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: PARAMETER, Type: 'String', Value: '{"trustedAccounts": ["210987654321"]}' }], InvalidParameters: [] });
  captureOutput();
  ({ handler: audit } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof audit });
  ({ handler: onEvent } = (await import('../../functions/cloudtrail-event.js')) as unknown as { handler: typeof onEvent });
});

afterAll(async () => {
  ssm.restore();
  await endRun(run);
});

describe('config from the SSM parameter', () => {
  it('is fetched with decryption, applied, and cached across invocations', async () => {
    // Without the parameter's trustedAccounts the demo account has 51 findings (examples/demo-account/README.md).
    expect((await audit(scheduledEvent('2026-11-20T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`))).findings).toBe(73);
    expect((await audit(scheduledEvent('2026-11-20T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`))).findings).toBe(73);
    const calls = ssm.commandCalls(GetParametersCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({ Names: [PARAMETER], WithDecryption: true });
  });

  it('monitor-tampering watches this deployment when the config names no service', async () => {
    const context = lambdaContext(`${SERVICE}-cloudtrail-event`);
    const ours = await onEvent(await deleteTable(`${SERVICE}-findings`, 'e0000000-0000-0000-0000-000000000001'), context);
    const anotherStage = await onEvent(await deleteTable('iam-sentinel-prod-findings', 'e0000000-0000-0000-0000-000000000002'), context);
    expect(ours.detections).toBe(1);
    expect(anotherStage.detections).toBe(0);
    const stored = await run.table.store.queryDetections({});
    expect(stored.map((d) => [d.ruleId, d.resource])).toEqual([['monitor-tampering', `arn:aws:dynamodb:us-east-1:123456789012:table/${SERVICE}-findings`]]);
  });
});
