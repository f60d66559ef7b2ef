import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it, vi } from 'vitest';
import { describeError, isAccessDenied, isNoSuchEntity, isReportInProgress, isThrottling } from '../../shared/collect/aws-errors.js';
import { backoffDelay, withRetry } from '../../shared/collect/retry.js';
import { maxAttemptsFrom } from '../../shared/collect/clients.js';
import { accessDenied, awsError, throttled } from './fake-aws.js';

describe('withRetry', () => {
  it('does not retry an error that is not throttling', async () => {
    const call = vi.fn(async () => {
      throw accessDenied('iam:GetUser');
    });
    const sleep = vi.fn(async (_ms: number) => {});
    await expect(withRetry(call, { sleep })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(call).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries throttling up to maxAttempts, then rethrows the last error', async () => {
    const call = vi.fn(async () => {
      throw throttled();
    });
    const sleep = vi.fn(async (_ms: number) => {});
    await expect(withRetry(call, { sleep, maxAttempts: 4 })).rejects.toMatchObject({ name: 'Throttling' });
    expect(call).toHaveBeenCalledTimes(4);
    expect(sleep).toHaveBeenCalledTimes(3);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = { random: () => 0.999999, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
  });
});

describe('AWS error recognition', () => {
  it('knows throttling by name, by the SDK retry hint and by HTTP 429', () => {
    expect(isThrottling(awsError('Throttling'))).toBe(true);
    expect(isThrottling(awsError('TooManyRequestsException'))).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { $retryable: { throttling: true } }))).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 429 } }))).toBe(true);
    // IAM's LimitExceeded is an entity quota, not a rate: retrying cannot help.
    expect(isThrottling(awsError('LimitExceeded'))).toBe(false);
  });

  it('knows NoSuchEntity and ReportInProgress as exception classes and as wire codes', () => {
    expect(isNoSuchEntity(new NoSuchEntityException({ message: 'gone', $metadata: {} }))).toBe(true);
    expect(isNoSuchEntity(awsError('NoSuchEntity'))).toBe(true);
    expect(isNoSuchEntity(accessDenied('iam:GetUser'))).toBe(false);
    expect(isReportInProgress(awsError('ReportInProgress'))).toBe(true);
    expect(isReportInProgress(awsError('CredentialReportNotReadyException'))).toBe(true);
  });

  it('describes an error in one line for a gap', () => {
    expect(describeError(awsError('AccessDenied', 'not authorized'))).toBe('AccessDenied: not authorized');
    expect(describeError(new Error('plain'))).toBe('plain');
  });

  it('never says "undefined", whatever was thrown', () => {
    expect(describeError(undefined)).toBe('failed without an error to say why');
    expect(describeError(Object.assign(new Error(''), { name: 'UnknownError', $metadata: { httpStatusCode: 500 } }))).toBe('UnknownError: HTTP 500');
    expect(describeError({ name: 'AccessDenied' })).toBe('AccessDenied');
    expect(describeError('a string')).toBe('a string');
    expect(describeError(awsError('AccessDenied', 'line one\n  line two'))).toBe('AccessDenied: line one line two');
  });

  it('an answer that is not in the protocol\'s format (HTTP 403 with an XML page, to a JSON service) is one line with the status', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<?xml version="1.0" encoding="utf-8"?>\n<ErrorResponse><Errors><Error><Code>AccessDenied</Code></Error></Errors></ErrorResponse>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new CloudTrailClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      const error = await client.send(new DescribeTrailsCommand({})).catch((e: unknown) => e);
      // What the SDK itself says is two lines of advice with no status.
      expect(String((error as Error).message)).toMatch(/Deserialization error/);
      const line = describeError(error);
      expect(line).toMatch(/^HTTP 403, access denied; the response is not in the service's format \(.+\)$/);
      expect(line).not.toMatch(/\n|Deserialization|undefined/);
      expect(isAccessDenied(error)).toBe(true);
      client.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('maxAttemptsFrom (the SDK clients\' attempts)', () => {
  it('takes AWS_MAX_ATTEMPTS when it is a whole number from 1 to 50, else 10', () => {
    expect(maxAttemptsFrom(undefined)).toBe(10);
    expect(maxAttemptsFrom('3')).toBe(3);
    expect(maxAttemptsFrom(' 1 ')).toBe(1);
    for (const bad of ['', '0', '-2', '2.5', 'many', '51']) expect(maxAttemptsFrom(bad), bad).toBe(10);
  });
});
