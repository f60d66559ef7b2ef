/**
 * Progress of `scan --org` / `snapshot --org` on stderr, in the style of
 * cli/progress.ts: on a TTY, a line per account being read (spinner, the
 * input it last finished) under a count of accounts done, and a permanent
 * line per account as it finishes; off a TTY, nothing (the result lists
 * every account, and logs stay quiet).
 */
import type { OrgProgress } from '../shared/pipeline/org-scan.js';
import { paint, styleFor } from './format/text.js';
import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface OrgProgressDisplay {
  readonly onProgress: (p: OrgProgress) => void;
  /** Clears the live lines; call once the run is over (also after a failure). */
  stop(): void;
}

export function orgProgress(io: Io, label: string, total: number): OrgProgressDisplay {
  const stream = io.stderr as NodeJS.WriteStream;
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const style = styleFor(stream);
  const running = new Map<string, { name: string; detail: string; start: number }>();
  let done = 0;
  let failed = 0;
  let frame = 0;
  let drawn = 0;
  const width = () => Math.max(40, (stream.columns ?? 80) - 1);
  const fit = (line: string) => (line.length > width() ? `${line.slice(0, width() - 1)}…` : line);

  const clear = () => {
    // Up to the first live line, clearing each on the way.
    for (let i = 0; i < drawn; i++) stream.write('\u001b[1A\r\u001b[2K');
    drawn = 0;
  };
  const draw = () => {
    clear();
    const spin = paint(style, FRAMES[frame++ % FRAMES.length], 'cyan');
    const lines = [
      `${spin} ${label}: ${done} of ${total} done${failed ? `, ${failed} failed` : ''}`,
      ...[...running.entries()].map(([id, r]) => paint(style, fit(`    ${id} ${r.name} ${r.detail}`), 'dim')),
    ];
    for (const l of lines) stream.write(`${fit(l)}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  draw();

  return {
    onProgress(p) {
      if (p.kind === 'started') running.set(p.account.id, { name: p.account.name, detail: '', start: Date.now() });
      else if (p.kind === 'input') {
        const r = running.get(p.account.id);
        if (r) r.detail = `${p.progress.input} ${p.progress.outcome === 'gap' ? '(not collected)' : '✓'}`;
      } else {
        const { outcome } = p;
        const r = running.get(outcome.account.id);
        running.delete(outcome.account.id);
        done++;
        const took = r ? ` ${paint(style, `(${((Date.now() - r.start) / 1000).toFixed(1)}s)`, 'dim')}` : '';
        const who = `${outcome.account.id} ${outcome.account.name}`;
        clear();
        if (outcome.status === 'scanned') {
          const n = outcome.evaluation?.findings.length;
          stream.write(`${paint(style, '✔', 'green')} ${who}: ${n === undefined ? 'done' : `${n} finding${n === 1 ? '' : 's'}`}${took}\n`);
        } else if (outcome.status === 'failed') {
          failed++;
          stream.write(`${paint(style, '✖', 'red')} ${fit(`${who}: ${outcome.reason}`)}\n`);
        } else {
          stream.write(`${paint(style, '-', 'dim')} ${who}: ${paint(style, outcome.reason ?? 'skipped', 'dim')}\n`);
        }
        draw();
      }
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
