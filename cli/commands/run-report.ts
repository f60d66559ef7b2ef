/** One stderr line on what a run did to the store and what it sent. */
import type { DeliveryResult } from '../../shared/notify/deliver.js';
import type { ApplyResult } from '../../shared/store/types.js';
import { log, type Io } from '../io.js';

export function reportRun(io: Io, applied: ApplyResult | undefined, delivery: DeliveryResult | undefined, extra: string[] = []): void {
  const parts = [...extra];
  for (const c of applied?.completed ?? []) {
    parts.push(`completed the run of ${c.at} that a killed or crashed run had left half-applied (${c.opened} opened, ${c.reopened} reopened, ${c.resolved} resolved)`);
  }
  for (const why of applied?.abandoned ?? []) parts.push(`dropped a run left unfinished too long (${why}); what it had not applied was decided afresh`);
  if (applied) {
    const r = applied.run;
    parts.push(`${r.opened} opened, ${r.reopened} reopened, ${r.resolved} resolved, ${r.suppressed} suppressed`);
  }
  if (delivery) {
    parts.push(`${delivery.delivered} notification${delivery.delivered === 1 ? '' : 's'} sent`);
    if (delivery.skipped) parts.push(`${delivery.skipped} sent or being sent by another run`);
    if (delivery.failed) parts.push(`${delivery.failed} still pending (will retry next run): ${delivery.failures[0]?.error ?? ''}`);
  }
  if (parts.length) log(io, `iam-sentinel: ${parts.join('; ')}`);
}
