/**
 * Who holds a lease or a claim, so that a crashed holder can be told from a
 * slow one. Leases expire on their own; a holder recorded as a process on
 * this very host that no longer exists (a CLI run killed outright) can be
 * taken over at once instead of after the lease, which keeps a rerun after
 * `kill -9` from waiting. Only local stores record one: in Lambda, pids
 * and host names say nothing across sandboxes.
 */
import { hostname } from 'node:os';

export interface Holder {
  readonly host: string;
  readonly pid: number;
}

export function thisProcess(): Holder {
  return { host: hostname(), pid: process.pid };
}

/** Whether a process with this pid exists here (EPERM: it does, someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True only when `holder` names a process on this host that is gone; anything unknown is presumed alive. */
export function holderGone(holder: unknown): boolean {
  if (!holder || typeof holder !== 'object') return false;
  const { host, pid } = holder as Partial<Holder>;
  return host === hostname() && typeof pid === 'number' && pid !== process.pid && !processAlive(pid);
}
