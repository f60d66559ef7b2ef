/**
 * The outbox sink (`--notify outbox`): each notification appended as one
 * JSON line to `<data-dir>/outbox.jsonl`, for the local demo and for tests
 * that want to see exactly what would have been sent.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification, NotificationSink } from './types.js';

export const OUTBOX_FILE = 'outbox.jsonl';

export function outboxPath(dataDir: string): string {
  return join(dataDir, OUTBOX_FILE);
}

export function outboxSink(dataDir: string): NotificationSink {
  const file = outboxPath(dataDir);
  return {
    name: 'outbox',
    async send(notification) {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, `${JSON.stringify(notification)}\n`, 'utf8');
    },
  };
}

/** The notifications in an outbox, oldest first; none when there is no outbox yet. */
export async function readOutbox(dataDir: string): Promise<Notification[]> {
  let text: string;
  try {
    text = await readFile(outboxPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Notification);
}
