/**
 * How the deployed cloudtrail-event function gets a full audit run when a
 * change reaches more principals than a targeted re-evaluation reads (a
 * policy attached widely, a large group; shared/collect/entity.ts): it
 * invokes the scheduled-audit function asynchronously, as the schedule does.
 * That function runs one audit at a time (reserved concurrency 1), has the
 * time and the permissions of a full collection, and is idempotent, so a
 * redelivered event costs a repeated audit that writes nothing, never a
 * wrong result. Lambda queues the invocation and retries it, then hands it
 * to the dead-letter queue, like the schedule's.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { FullAuditRequester } from '../pipeline/events.js';

/** What the audit receives: shaped like a scheduled event, whose `time` is the evaluation time (auditor.ts eventTime). */
export interface FullAuditRequest {
  readonly source: 'iam-sentinel';
  readonly 'detail-type': 'Full audit requested';
  readonly time: string;
  readonly detail: { readonly reasons: readonly string[] };
}

let client: LambdaClient | undefined;

export function lambdaFullAudit(functionName: string, lambda: () => LambdaClient = () => (client ??= new LambdaClient({ retryMode: 'adaptive', maxAttempts: 5 }))): FullAuditRequester {
  return {
    async request(reasons, now) {
      const payload: FullAuditRequest = { source: 'iam-sentinel', 'detail-type': 'Full audit requested', time: now.toISOString(), detail: { reasons } };
      const out = await lambda().send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
      // An asynchronous invocation is accepted with 202; anything else did not queue it.
      if (out.StatusCode !== 202) throw new Error(`invoking ${functionName} returned status ${out.StatusCode ?? 'none'}`);
    },
  };
}
