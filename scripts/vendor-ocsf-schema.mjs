#!/usr/bin/env node
// Reduces a compiled OCSF schema to what iam-sentinel emits, for the tests
// that validate its OCSF output (test/export/ocsf-1.3.0/):
//
//   1. a checkout of github.com/ocsf/ocsf-schema at tag 1.3.0
//   2. compiled with the OCSF project's own compiler, ocsf-schema-compiler
//      (Python 3.13 or later, no dependencies), platform extensions left out:
//        (cd ocsf-schema-compiler/src && python3 -m ocsf_schema_compiler -i path/to/ocsf-schema) > compiled.json
//   3. node scripts/vendor-ocsf-schema.mjs compiled.json
//
// Kept: the Compliance Finding and Detection Finding classes and every object
// reachable from them, each attribute's type, object type, array-ness,
// requirement, profiles, enum values (with captions), sibling and deprecation;
// each object's constraints; the data types' base type, regex, max length and
// range. Dropped: descriptions and references (prose, not rules).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLASSES = ['compliance_finding', 'detection_finding'];
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'export', 'ocsf-1.3.0', 'schema.json');

const [input] = process.argv.slice(2);
if (!input) {
  console.error('usage: node scripts/vendor-ocsf-schema.mjs COMPILED_SCHEMA.json');
  process.exit(2);
}
const compiled = JSON.parse(await readFile(input, 'utf8'));
if (compiled.version !== '1.3.0') throw new Error(`${input}: schema version ${compiled.version}, expected 1.3.0`);

function attribute(a) {
  const kept = {};
  for (const key of ['caption', 'type', 'object_type', 'is_array', 'requirement', 'sibling', 'profiles']) {
    if (a[key] !== undefined) kept[key] = a[key];
  }
  if (a['@deprecated']) kept.deprecated = true;
  if (a.enum) kept.enum = Object.fromEntries(Object.entries(a.enum).map(([value, e]) => [value, { caption: e.caption }]));
  return kept;
}

function attributes(all) {
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)).map(([name, a]) => [name, attribute(a)]));
}

const classes = {};
const objects = {};
const queue = [];
const visit = (attrs) => {
  for (const a of Object.values(attrs)) if (a.object_type) queue.push(a.object_type);
};
for (const name of CLASSES) {
  const c = compiled.classes[name];
  classes[name] = {
    name,
    caption: c.caption,
    uid: c.uid,
    category_uid: c.category_uid,
    category_name: c.category_name,
    profiles: c.profiles ?? [],
    ...(c.constraints ? { constraints: c.constraints } : {}),
    attributes: attributes(c.attributes),
  };
  visit(c.attributes);
}
while (queue.length > 0) {
  const name = queue.pop();
  if (objects[name]) continue;
  const o = compiled.objects[name];
  if (!o) throw new Error(`object ${name} referenced but not defined`);
  objects[name] = {
    name,
    caption: o.caption,
    ...(o.constraints && Object.keys(o.constraints).length ? { constraints: o.constraints } : {}),
    attributes: attributes(o.attributes),
  };
  visit(o.attributes);
}

const types = Object.fromEntries(
  Object.entries(compiled.dictionary.types.attributes).map(([name, t]) => {
    const kept = { caption: t.caption };
    for (const key of ['type', 'regex', 'max_len', 'range', 'values']) if (t[key] !== undefined) kept[key] = t[key];
    return [name, kept];
  }),
);

const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
const out = {
  source: 'github.com/ocsf/ocsf-schema tag 1.3.0, compiled by github.com/ocsf/ocsf-schema-compiler, reduced by scripts/vendor-ocsf-schema.mjs',
  license: 'Apache-2.0 (see LICENSE and NOTICE beside this file)',
  version: compiled.version,
  classes,
  objects: sorted(objects),
  types: sorted(types),
};
await mkdir(dirname(OUT), { recursive: true });
await writeFile(OUT, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${OUT}: ${CLASSES.length} classes, ${Object.keys(objects).length} objects, ${Object.keys(types).length} types`);
