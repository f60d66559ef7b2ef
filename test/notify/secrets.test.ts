/**
 * Slack credentials (a webhook's path, a token) are scrubbed from
 * everything logged or stored: error messages, Lambda log lines, the CLI's
 * one-line errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observability } from '../../shared/lambda/observability.js';
import { describeError, looksSecret, scrubSecrets } from '../../shared/notify/secrets.js';
import { postToSlack } from '../../shared/notify/slack.js';
import { startWebhookServer } from './fixtures.js';

const WEBHOOK = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scrubSecrets', () => {
  it('redacts webhook URLs, webhook paths alone, and tokens, and leaves the rest as it was', () => {
    expect(scrubSecrets(`POST ${WEBHOOK} failed`)).toBe('POST https://hooks.slack.com/services/[redacted] failed');
    expect(scrubSecrets('no_service: /services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx')).toBe('no_service: /services/[redacted]');
    expect(scrubSecrets('hooks.slack.com/workflows/T0123/A0456/789/abcdef')).toBe('hooks.slack.com/workflows/[redacted]');
    for (const token of ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxp-1-2-3-abc', 'xoxa-2-abc', 'xoxo-x', 'xoxs-1', 'xoxr-9-9']) {
      expect(scrubSecrets(`token ${token} rejected`)).toBe('token xox-[redacted] rejected');
    }
    expect(scrubSecrets('Slack webhook answered HTTP 404: no_team')).toBe('Slack webhook answered HTTP 404: no_team');
    expect(looksSecret(WEBHOOK)).toBe(true);
    expect(looksSecret('arn:aws:ssm:us-east-1:111122223333:parameter/iam-sentinel/slack-webhook')).toBe(false);
    expect(describeError(new TypeError(`fetch ${WEBHOOK}`))).toBe('TypeError: fetch https://hooks.slack.com/services/[redacted]');
  });

  it('a Slack error body that echoes the webhook path does not carry it into the error', async () => {
    const server = await startWebhookServer();
    server.respond = (_req, res) => {
      res.writeHead(403);
      res.end('invalid_token for /services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx (xoxb-1-2-secret)');
    };
    try {
      const error = await postToSlack(server.url, { text: 't', blocks: [] }).catch((e: Error) => e);
      expect((error as Error).message).toBe('Slack webhook answered HTTP 403: invalid_token for /services/[redacted] (xox-[redacted])');
    } finally {
      await server.close();
    }
  });
});

describe('Lambda logs', () => {
  it('every string of a log line is scrubbed, error messages and stacks included', () => {
    const printed: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    }
    const { logger } = observability({ POWERTOOLS_SERVICE_NAME: 'iam-sentinel-test' });
    logger.error(`posting to ${WEBHOOK} failed`, { error: new Error(`body: ${WEBHOOK} token xoxb-1-2-3`), detail: { url: WEBHOOK } });
    const line = printed.join('');
    expect(line).toContain('posting to https://hooks.slack.com/services/[redacted] failed');
    expect(line).not.toMatch(/T0123ABCD|abcdefghijklmnop|xoxb-1-2-3/);
  });
});
