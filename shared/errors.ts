/**
 * Errors a user can act on. Each names the file, the place inside it and
 * what was expected; the CLI prints `message` as one line and exits 2.
 */

export class InputError extends Error {
  constructor(
    /** The file (or "argument", "event", …) that is wrong. */
    readonly file: string,
    /** Where inside it: "line 4, column password_last_used", "UserDetailList[3].CreateDate", "record 12". */
    readonly where: string,
    /** What was expected there. */
    readonly expected: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${expected}`);
    this.name = 'InputError';
  }
}

/** A snapshot folder file (or a live answer in that file's format) that cannot be read, in whole or at one place. */
export class SnapshotFileError extends InputError {
  override name = 'SnapshotFileError';
  constructor(
    file: string,
    where: string,
    expected: string,
    /** The snapshot input the file holds, where known. */
    readonly input?: string,
  ) {
    super(file, where, oneLine(expected));
  }
}

/** Messages are printed one per line: whatever a parser or an SDK said, its line breaks become spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The configuration file is unreadable or fails its schema. */
export class ConfigError extends InputError {
  override name = 'ConfigError';
}

/** A CloudTrail record or event file that cannot be read. */
export class EventInputError extends InputError {
  override name = 'EventInputError';
}

/** Wrong command-line usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Formats a zod issue path (["UserDetailList", 3, "CreateDate"]) as "UserDetailList[3].CreateDate". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
