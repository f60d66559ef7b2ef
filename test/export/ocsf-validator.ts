/**
 * A validator of OCSF 1.3.0 events built from the official schema (vendored,
 * compiled, in ./ocsf-1.3.0/schema.json; see its NOTICE): every attribute
 * the class or object defines with its type, array-ness and enum values,
 * every required attribute, each object's constraints (at_least_one,
 * just_one), and no attribute the schema does not define, at every level
 * the schema defines (a generic `object` such as `unmapped` is free-form).
 * Attributes of a profile count only when the event lists that profile in
 * metadata.profiles, as OCSF's own validator has it.
 *
 * The JSON Schema is generated here and checked by ajv; sibling captions
 * (severity for severity_id, status for status_id, …) and deprecated
 * attributes are checked by a walk of their own.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

interface SchemaAttribute {
  readonly caption: string;
  readonly type: string;
  readonly object_type?: string;
  readonly is_array?: boolean;
  readonly requirement?: 'required' | 'recommended' | 'optional';
  readonly sibling?: string;
  readonly profiles?: readonly string[];
  readonly deprecated?: boolean;
  readonly enum?: Readonly<Record<string, { readonly caption: string }>>;
}
interface SchemaEntity {
  readonly name: string;
  readonly caption: string;
  readonly uid?: number;
  readonly category_uid?: number;
  readonly category_name?: string;
  readonly constraints?: { readonly at_least_one?: readonly string[]; readonly just_one?: readonly string[] };
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
}
interface SchemaType {
  readonly caption: string;
  readonly type?: string;
  readonly regex?: string;
  readonly max_len?: number;
  readonly range?: readonly [number, number];
}
export interface OcsfSchema {
  readonly version: string;
  readonly classes: Readonly<Record<string, SchemaEntity>>;
  readonly objects: Readonly<Record<string, SchemaEntity>>;
  readonly types: Readonly<Record<string, SchemaType>>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const OCSF_SCHEMA: OcsfSchema = JSON.parse(readFileSync(join(here, 'ocsf-1.3.0', 'schema.json'), 'utf8'));

type Json = Record<string, unknown>;

/** The JSON Schema of a data type: its base JSON type and every constraint along its chain of types. */
function typeSchema(name: string): Json {
  const chain: SchemaType[] = [];
  for (let t: string | undefined = name; t; t = OCSF_SCHEMA.types[t]?.type) {
    const type = OCSF_SCHEMA.types[t];
    if (!type) throw new Error(`unknown OCSF type ${t}`);
    chain.push(type);
    if (chain.length > 8) throw new Error(`type loop at ${name}`);
  }
  const base = [name, ...chain.map((c) => c.type)].filter(Boolean).pop() as string;
  const json: Json = (
    {
      string_t: { type: 'string' },
      integer_t: { type: 'integer' },
      long_t: { type: 'integer' },
      float_t: { type: 'number' },
      boolean_t: { type: 'boolean' },
      json_t: {},
    } as Record<string, Json>
  )[base] ?? (() => {
    throw new Error(`no JSON type for OCSF base type ${base} (of ${name})`);
  })();
  const out: Json = { ...json };
  // The narrowest constraint wins: the derived type's, then its bases'.
  for (const c of [...chain].reverse()) {
    if (c.regex) out.pattern = c.regex;
    if (c.max_len !== undefined) out.maxLength = c.max_len;
    if (c.range) {
      out.minimum = c.range[0];
      out.maximum = c.range[1];
    }
  }
  return out;
}

function entitySchema(entity: SchemaEntity, profiles: ReadonlySet<string>, ref: (object: string) => Json): Json {
  const applies = (a: SchemaAttribute) => !a.profiles || a.profiles.some((p) => profiles.has(p));
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (const [name, a] of Object.entries(entity.attributes)) {
    if (!applies(a)) continue;
    let value: Json;
    if (a.type === 'object_t') {
      value = a.object_type === 'object' ? { type: 'object' } : ref(a.object_type!);
    } else {
      value = typeSchema(a.type);
      if (a.enum) {
        const numeric = value.type === 'integer' || value.type === 'number';
        value = { ...value, enum: Object.keys(a.enum).map((k) => (numeric ? Number(k) : k)) };
      }
    }
    properties[name] = a.is_array ? { type: 'array', items: value } : value;
    if (a.requirement === 'required') required.push(name);
  }
  const schema: Json = { type: 'object', properties, required, additionalProperties: false };
  const c = entity.constraints;
  if (c?.at_least_one?.length) schema.anyOf = c.at_least_one.map((n) => ({ required: [n] }));
  if (c?.just_one?.length) schema.oneOf = c.just_one.map((n) => ({ required: [n] }));
  return schema;
}

function classSchema(className: string, profiles: ReadonlySet<string>): Json {
  const klass = OCSF_SCHEMA.classes[className];
  if (!klass) throw new Error(`class ${className} is not in the vendored schema`);
  const defs: Record<string, Json> = {};
  for (const [name, object] of Object.entries(OCSF_SCHEMA.objects)) defs[name] = entitySchema(object, profiles, (o) => ({ $ref: `#/$defs/${o}` }));
  const root = entitySchema(klass, profiles, (o) => ({ $ref: `#/$defs/${o}` }));
  // Every class pins its own uid, category and type_uid (class_uid * 100 + activity_id).
  return { ...root, $defs: defs };
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, unicodeRegExp: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(className: string, profiles: readonly string[]): ValidateFunction {
  const key = `${className}|${[...profiles].sort().join(',')}`;
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(classSchema(className, new Set(profiles)));
    compiled.set(key, v);
  }
  return v;
}

/** The walk ajv cannot do: sibling captions, deprecated attributes. */
function semanticErrors(entity: SchemaEntity, value: Json, path: string, errors: string[]): void {
  for (const [name, v] of Object.entries(value)) {
    const a = entity.attributes[name];
    if (!a) continue;
    if (a.deprecated) errors.push(`${path}/${name}: deprecated in OCSF ${OCSF_SCHEMA.version}`);
    if (a.enum && a.sibling && typeof v === 'number' && v !== 99 && value[a.sibling] !== undefined && value[a.sibling] !== a.enum[String(v)]?.caption) {
      errors.push(`${path}/${a.sibling}: "${String(value[a.sibling])}" is not the caption of ${name} ${v} ("${a.enum[String(v)]?.caption}")`);
    }
    if (a.type === 'object_t' && a.object_type !== 'object') {
      const object = OCSF_SCHEMA.objects[a.object_type!];
      const items = a.is_array && Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        if (item && typeof item === 'object') semanticErrors(object, item as Json, a.is_array ? `${path}/${name}/${i}` : `${path}/${name}`, errors);
      });
    }
  }
}

/** The class of an event, from its class_uid. */
export function classOf(event: Json): SchemaEntity | undefined {
  return Object.values(OCSF_SCHEMA.classes).find((c) => c.uid === event.class_uid);
}

/** Every way `event` breaks the official OCSF 1.3.0 schema; empty when it conforms. */
export function ocsfErrors(event: Json): string[] {
  const klass = classOf(event);
  if (!klass) return [`class_uid ${String(event.class_uid)} is not one of ${Object.values(OCSF_SCHEMA.classes).map((c) => c.uid).join(', ')}`];
  const metadata = (event.metadata ?? {}) as Json;
  const profiles = Array.isArray(metadata.profiles) ? (metadata.profiles as string[]) : [];
  const validate = validatorFor(klass.name, profiles);
  const errors = validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  semanticErrors(klass, event, '', errors);
  const activity = event.activity_id as number;
  if (event.type_uid !== (klass.uid as number) * 100 + activity) errors.push(`/type_uid ${String(event.type_uid)} is not class_uid * 100 + activity_id`);
  if (event.category_uid !== klass.category_uid) errors.push(`/category_uid ${String(event.category_uid)} is not ${klass.category_uid}`);
  if (metadata.version !== OCSF_SCHEMA.version) errors.push(`/metadata/version ${String(metadata.version)} is not ${OCSF_SCHEMA.version}`);
  return errors;
}

/** Every timestamp_t value in an event, with its path (to check they are epoch milliseconds). */
export function timestamps(entity: SchemaEntity, value: Json, path = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [name, v] of Object.entries(value)) {
    const a = entity.attributes[name];
    if (!a) continue;
    if (a.type === 'timestamp_t') out.push([`${path}/${name}`, v]);
    if (a.type === 'object_t' && a.object_type !== 'object') {
      const object = OCSF_SCHEMA.objects[a.object_type!];
      for (const item of a.is_array && Array.isArray(v) ? v : [v]) if (item && typeof item === 'object') out.push(...timestamps(object, item as Json, `${path}/${name}`));
    }
  }
  return out;
}
