/**
 * Progress of the slow steps (starting the database, collecting a live
 * account) on stderr: a spinner line on a TTY, plain lines otherwise, so
 * logs in CI stay readable. Kept rather than replaced by ora or
 * yocto-spinner: this is all of it, smaller than either with its
 * dependencies, and its colours follow the same rules as the rest
 * (format/text.ts).
 */
import { paint, styleFor } from './format/text.js';
import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Step {
  /** Replaces the step's detail text (a TTY shows it; plain output ignores it). */
  update(detail: string): void;
  done(result?: string): void;
  fail(reason: string): void;
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

export function step(io: Io, label: string): Step {
  const stream = io.stderr as NodeJS.WriteStream;
  const style = styleFor(stream, io.env);
  const start = Date.now();
  if (!stream.isTTY) {
    stream.write(`${label}…\n`);
    return {
      update: () => {},
      done: (result) => stream.write(`${label}: ${result ?? 'done'} (${seconds(start)})\n`),
      fail: (reason) => stream.write(`${label}: failed: ${reason}\n`),
    };
  }
  let frame = 0;
  let detail = '';
  const draw = () => stream.write(`\r\u001b[2K${paint(style, FRAMES[frame++ % FRAMES.length], 'cyan')} ${label}${detail ? ` ${paint(style, detail, 'dim')}` : ''}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  const finish = (mark: string, text: string) => {
    clearInterval(timer);
    stream.write(`\r\u001b[2K${mark} ${label}: ${text}\n`);
  };
  return {
    update: (d) => {
      detail = d;
    },
    done: (result) => finish(paint(style, '✔', 'green'), `${result ?? 'done'} ${paint(style, `(${seconds(start)})`, 'dim')}`),
    fail: (reason) => finish(paint(style, '✖', 'red'), reason),
  };
}

/** Runs `work` as a step: done on success, fail (and rethrow) on error. */
export async function withStep<T>(io: Io, label: string, work: (s: Step) => Promise<T>, result?: (value: T) => string): Promise<T> {
  const s = step(io, label);
  try {
    const value = await work(s);
    s.done(result?.(value));
    return value;
  } catch (e) {
    s.fail(e instanceof Error ? e.message : String(e));
    throw e;
  }
}
