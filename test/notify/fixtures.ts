/**
 * Inputs for the notification tests: finding changes, finding states, run
 * summaries, detections and ready-made notifications, shaped as the store
 * and the detection engine hand them over.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { findingId, SEVERITIES, type Detection, type Severity } from '../../shared/model.js';
import type { FindingChange, FindingState, RunSummary } from '../../shared/store/types.js';
import type { Notification } from '../../shared/notify/types.js';
import type { NotificationView } from '../../shared/notify/view.js';
import { ACCOUNT, ROOT_ARN, userArn } from '../helpers/account.js';

export { ACCOUNT, ROOT_ARN, userArn };
export const ALIAS = 'prod-alias';
export const AT = '2026-11-01T00:00:00.000Z';
export const RUN_ID = 'run-2026-11-01T00:00:00.000Z-scan';

export function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    account: ACCOUNT,
    accountAlias: ALIAS,
    evaluatedAt: AT,
    findings: [],
    suppressed: [],
    evaluatedChecks: [],
    skippedChecks: [],
    gaps: [],
    ...overrides,
  };
}

export function change(
  checkId: string,
  severity: Severity,
  resource: string,
  kind: FindingChange['change'] = 'opened',
  extra: Partial<FindingChange> = {},
): FindingChange {
  return {
    findingId: findingId({ checkId, resource, qualifier: extra.qualifier }),
    checkId,
    resource,
    change: kind,
    at: AT,
    severity,
    title: `Title of ${checkId}`,
    message: `${checkId} fails for ${resource}`,
    details: {},
    ...extra,
  };
}

export function openState(checkId: string, severity: Severity, resource: string, firstSeen: string, extra: Partial<FindingState> = {}): FindingState {
  return {
    findingId: findingId({ checkId, resource }),
    account: ACCOUNT,
    checkId,
    resource,
    severity,
    status: 'open',
    title: `Title of ${checkId}`,
    message: `${checkId} fails for ${resource}`,
    details: {},
    firstSeen,
    lastSeen: AT,
    resolvedAt: null,
    lastNotifiedAt: firstSeen,
    version: 3,
    ...extra,
  };
}

export function run(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: RUN_ID,
    account: ACCOUNT,
    kind: 'scan',
    at: AT,
    openBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    opened: 0,
    resolved: 0,
    reopened: 0,
    suppressed: 0,
    detections: 0,
    collectionGaps: [],
    ...overrides,
  };
}

export function detection(ruleId: string, severity: Severity, overrides: Partial<Detection> = {}): Detection {
  return {
    ruleId,
    severity,
    eventId: '3f5e2d4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
    eventName: 'ListUsers',
    eventTime: '2026-11-10T09:00:00Z',
    actor: ROOT_ARN,
    sourceIp: '203.0.113.7',
    resource: null,
    message: `${ruleId} fired`,
    ...overrides,
  };
}

export const SAMPLE_VIEW: NotificationView = {
  headline: 'Root access key used',
  summary: 'The root user called ListUsers with access key AKIAEXAMPLE <root>',
  severity: 'critical',
  facts: [
    { label: 'Where', value: `account ${ACCOUNT} (${ALIAS})` },
    { label: 'When', value: '2026-11-10T09:00:00Z' },
    { label: 'Who', value: ROOT_ARN },
    { label: 'Source IP', value: '203.0.113.7' },
  ],
  why: 'Never use root access keys.',
  fix: 'Delete the key: aws iam delete-access-key --access-key-id <AKIA...>',
  links: [{ text: 'CloudTrail event', url: 'https://console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events?EventId=3f5e' }],
  items: [],
  moreItems: 0,
  footer: 'Rule root-access-key-used - CloudTrail event 3f5e',
};

/** A notification as policy.ts builds it, without needing the catalog. */
export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'detection|3f5e|root-access-key-used',
    kind: 'detection',
    severity: 'critical',
    ruleId: 'root-access-key-used',
    account: ACCOUNT,
    accountAlias: ALIAS,
    subject: `[CRITICAL] Root access key used in ${ACCOUNT} (${ALIAS})`,
    body: 'What: Root access key used\n',
    data: { view: SAMPLE_VIEW, eventId: '3f5e' },
    createdAt: '2026-11-10T09:00:00Z',
    ...overrides,
  };
}

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A stand-in for Slack's incoming-webhook endpoint on 127.0.0.1, answering with whatever `respond` says. */
export interface WebhookServer {
  /** The webhook URL, with a secret-looking path as Slack's have. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  respond: (req: ReceivedRequest, res: ServerResponse) => void;
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

export async function startWebhookServer(): Promise<WebhookServer> {
  const requests: ReceivedRequest[] = [];
  const state: { respond: WebhookServer['respond'] } = {
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      state.respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    requests,
    get respond() {
      return state.respond;
    },
    set respond(fn) {
      state.respond = fn;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
