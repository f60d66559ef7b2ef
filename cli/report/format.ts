/**
 * How the report writes times, ages, resources and references: UTC
 * throughout, so a report reads the same wherever it is opened.
 */
import type { Severity } from '../../shared/model.js';
import { shortArn } from '../format/text.js';

const DAY_MS = 86_400_000;

/** "2026-11-20 12:00 UTC" */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "2026-11-20" */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Nov 20" (UTC), for tight places: cards and chart ticks. */
export function monthDay(at: number): string {
  const d = new Date(at);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "today", "1 day ago", "28 days ago": whole days, as the catalog counts ages. */
export function ageOf(iso: string, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS);
  if (!Number.isFinite(days)) return '';
  if (days <= 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** "user/bob.martin", "root", "aws:policy/AdministratorAccess": the part a reader recognizes. */
export function shortResource(resource: string): string {
  // An Identity Center permission set: its id, as the console lists it (the instance is the organization's one).
  const permissionSet = /^arn:aws[a-z-]*:sso:::permissionSet\/[^/]+\/(ps-[^/]+)$/.exec(resource);
  if (permissionSet) return `permissionSet/${permissionSet[1]}`;
  return shortArn(resource);
}

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
