import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToSlack, SlackPostError, slackMessage, slackSink } from '../../shared/notify/slack.js';
import { sampleNotification, SAMPLE_VIEW, startWebhookServer, WEBHOOK_PATH, type WebhookServer } from './fixtures.js';

type Block = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };

describe('slackMessage (Block Kit)', () => {
  it('lays a notification out as header, severity, fields, why, fix, console button and ids', () => {
    const n = sampleNotification();
    const message = slackMessage(n);
    const blocks = message.blocks as unknown as Block[];
    expect(message.text).toBe(n.subject);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'actions', 'context']);
    expect(blocks[0].text).toEqual({ type: 'plain_text', text: n.subject, emoji: true });
    expect(blocks[1].text?.text).toContain('*CRITICAL*');
    // mrkdwn control characters are escaped, so "<root>" is not read as a link
    expect(blocks[1].text?.text).toContain('&lt;root&gt;');
    expect(blocks[2].fields?.map((f) => f.text)).toEqual([
      '*Where*\naccount 111122223333 (prod-alias)',
      '*When*\n2026-11-10T09:00:00Z',
      '*Who*\narn:aws:iam::111122223333:root',
      '*Source IP*\n203.0.113.7',
    ]);
    expect(blocks[3].text?.text).toBe(`*Why it matters*\n${SAMPLE_VIEW.why}`);
    expect(blocks[4].text?.text).toBe('*How to fix*\nDelete the key: aws iam delete-access-key --access-key-id &lt;AKIA...&gt;');
    expect(blocks[5].elements).toEqual([
      expect.objectContaining({ type: 'button', url: SAMPLE_VIEW.links[0].url, text: expect.objectContaining({ text: 'Open CloudTrail event' }) }),
    ]);
    expect(blocks[6].elements?.[0]).toEqual(expect.objectContaining({ text: expect.stringContaining(n.id) }));
  });

  it('lists a digest’s changes and counts the ones left out', () => {
    const n = sampleNotification({
      kind: 'digest',
      data: { view: { ...SAMPLE_VIEW, why: null, fix: null, links: [], items: ['opened [HIGH] a', 'resolved [LOW] b'], moreItems: 3 } },
    });
    const blocks = slackMessage(n).blocks as unknown as Block[];
    const changes = blocks.find((b) => b.text?.text.startsWith('*Changes*'));
    expect(changes?.text?.text).toBe('*Changes*\n• opened [HIGH] a\n• resolved [LOW] b\n… and 3 more');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('keeps every text inside Block Kit limits', () => {
    const long = 'x'.repeat(5000);
    const n = sampleNotification({
      subject: long,
      data: { view: { ...SAMPLE_VIEW, headline: long, summary: long, why: long, fix: long, facts: Array.from({ length: 14 }, (_, i) => ({ label: `L${i}`, value: long })) } },
    });
    const blocks = slackMessage(n).blocks as unknown as Block[];
    expect(blocks[0].text!.text.length).toBeLessThanOrEqual(150);
    for (const b of blocks.filter((x) => x.type === 'section')) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
  });

  it('falls back to subject and body for a notification without a view', () => {
    const n = sampleNotification({ data: {}, subject: 'Hand-written alert', body: 'Something <odd> happened' });
    const blocks = slackMessage(n).blocks as unknown as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
    expect(blocks[0].text?.text).toBe('Hand-written alert');
    expect(blocks[2].text?.text).toBe('```Something &lt;odd&gt; happened```');
  });
});

describe('postToSlack and the slack sink', () => {
  let server: WebhookServer;
  beforeEach(async () => {
    server = await startWebhookServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('posts the Block Kit message as JSON to the webhook', async () => {
    const n = sampleNotification();
    await slackSink({ webhookUrl: server.url }).send(n);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(WEBHOOK_PATH);
    expect(request.contentType).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(JSON.parse(JSON.stringify(slackMessage(n))));
  });

  it('a non-2xx answer is an error that quotes Slack but never the webhook URL', async () => {
    server.respond = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no_service for ${server.url}`);
    };
    const error = await postToSlack(server.url, slackMessage(sampleNotification())).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SlackPostError);
    const e = error as SlackPostError;
    expect(e.status).toBe(404);
    expect(e.message).toContain('HTTP 404');
    expect(e.message).toContain('no_service');
    expect(e.message).not.toContain(WEBHOOK_PATH);
    expect(e.message).not.toContain('XXXXXXXX');
    expect(String(e.stack)).not.toContain(WEBHOOK_PATH);
  });

  it('an unreachable webhook is an error without the URL', async () => {
    const url = server.url;
    await server.close();
    const error = (await postToSlack(url, slackMessage(sampleNotification())).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SlackPostError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(WEBHOOK_PATH);
    server = await startWebhookServer();
  });

  it('a webhook that never answers times out, without the URL', async () => {
    server.respond = () => {
      // hold the request: Slack is hanging
    };
    const error = (await postToSlack(server.url, slackMessage(sampleNotification()), { timeoutMs: 100 }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SlackPostError);
    expect(error.message).toContain('no answer within 100 ms');
    expect(error.message).not.toContain(WEBHOOK_PATH);
  });
});
