/**
 * IAM's wildcards, as policies use them in actions, resources and the
 * `...Like` condition operators: `*` matches any run of characters (none
 * included), `?` exactly one. Policy variables that stand for a literal
 * wildcard (`${*}`, `${?}`) are carried as the private characters below, so
 * a resolved pattern can hold a literal `*` that matches only itself.
 */

/** Stands for a literal `*` (from `${*}`) inside a resolved pattern. */
export const LITERAL_STAR = '\u0000';
/** Stands for a literal `?` (from `${?}`) inside a resolved pattern. */
export const LITERAL_QUESTION = '\u0001';

const cache = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '*') body += '[\\s\\S]*';
    else if (ch === '?') body += '[\\s\\S]';
    else if (ch === LITERAL_STAR) body += '\\*';
    else if (ch === LITERAL_QUESTION) body += '\\?';
    else body += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

/** The anchored regular expression of a wildcard pattern (cached: accounts repeat the same few patterns). */
export function globRegExp(pattern: string, ignoreCase = false): RegExp {
  const key = ignoreCase ? `i${pattern}` : `s${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = compile(pattern, ignoreCase);
    cache.set(key, re);
  }
  return re;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** True for `*`, `**`, …: a pattern that matches every string, the empty one included. */
export function matchesEverything(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (matchesEverything(pattern)) return true;
  if (!hasWildcard(pattern) && !pattern.includes(LITERAL_STAR) && !pattern.includes(LITERAL_QUESTION)) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return globRegExp(pattern, ignoreCase).test(value);
}

const sameChar = (a: string, b: string, ignoreCase: boolean) => a === b || (ignoreCase && a.toLowerCase() === b.toLowerCase());

/**
 * Whether every string that starts with `prefix` matches `pattern`: the
 * pattern is a head that `prefix` begins with (`?` standing for any one
 * character) followed only by `*`s. `role/*`, `ro*` and `*` cover every
 * string starting `role/`; `role/a*`, `role/*x` and `role/?*` do not.
 */
export function globCoversPrefix(pattern: string, prefix: string, ignoreCase = false): boolean {
  const star = pattern.indexOf('*');
  if (star < 0 || !matchesEverything(pattern.slice(star))) return false;
  const head = pattern.slice(0, star);
  if (head.length > prefix.length) return false;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== '?' && !sameChar(head[i], prefix[i], ignoreCase)) return false;
  }
  return true;
}

/**
 * Whether some string starting with `prefix` could match `pattern`, judged
 * on the pattern's head (up to its first `*`): conservative, it may say yes
 * where no string matches, never no where one does.
 */
export function globMayMatchPrefix(pattern: string, prefix: string, ignoreCase = false): boolean {
  for (let i = 0; i < pattern.length && i < prefix.length; i++) {
    const p = pattern[i];
    if (p === '*') return true;
    if (p !== '?' && !sameChar(p, prefix[i], ignoreCase)) return false;
  }
  // Without a `*`, a pattern shorter than the prefix matches only strings shorter than it.
  return pattern.length >= prefix.length;
}
