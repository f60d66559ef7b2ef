/**
 * The console sink: each notification as a readable block on a stream
 * (stderr by default, so `--format json` keeps stdout to its one document).
 */
import type { Notification, NotificationSink } from './types.js';

const RULE = '='.repeat(72);

export function consoleBlock(n: Notification): string {
  return `${RULE}\n${n.subject}\n${RULE}\n${n.body.trimEnd()}\n\n`;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export function consoleSink(stream: NodeJS.WritableStream = process.stderr): NotificationSink {
  return {
    name: 'console',
    send: (notification) => write(stream, consoleBlock(notification)),
  };
}
