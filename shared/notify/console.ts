/**
 * The console sink: each notification as a readable block on a stream
 * (stderr by default, so `--format json` keeps stdout to its one document),
 * or as its subject line alone where many arrive at once.
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

/** One line: what a busy terminal (the local demo) shows of each notification. */
export function consoleLine(n: Notification): string {
  return `  ✉ ${n.subject}\n`;
}

export type ConsoleStyle = 'full' | 'brief';

export function consoleSink(stream: NodeJS.WritableStream = process.stderr, style: ConsoleStyle = 'full'): NotificationSink {
  const render = style === 'brief' ? consoleLine : consoleBlock;
  return {
    name: 'console',
    send: (notification) => write(stream, render(notification)),
  };
}
