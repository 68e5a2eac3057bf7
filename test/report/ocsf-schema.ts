import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small validator of OCSF events against the schema's own definition files (copied into
 * test/fixtures/ocsf from ocsf-schema 1.6.0, see SOURCE.md): the class and its parents, the profiles
 * the event names in metadata.profiles, the dictionary's types and enums, and the objects' required
 * attributes and constraints. Unknown attributes are errors, as in the schema server's validator.
 */

const DIR = join(__dirname, '../fixtures/ocsf');
type Def = { requirement?: string; enum?: Record<string, unknown>; type?: string; is_array?: boolean; $include?: string[] };
type Spec = { extends?: string; uid?: number; category?: string; attributes: Record<string, Def | string[]>; constraints?: { at_least_one?: string[] } };

const read = (path: string): Spec => JSON.parse(readFileSync(join(DIR, path), 'utf8')) as Spec;
const dictionary = JSON.parse(readFileSync(join(DIR, 'dictionary.json'), 'utf8')) as { attributes: Record<string, Def>; types: { attributes: Record<string, { type?: string }> } };
const categories = JSON.parse(readFileSync(join(DIR, 'categories.json'), 'utf8')) as { attributes: Record<string, { uid: number }> };

interface Resolved {
  attributes: Map<string, Def>;
  profiles: Map<string, Map<string, Def>>;
  constraints?: { at_least_one?: string[] };
  uid?: number;
  category?: string;
}

function merge(into: Map<string, Def>, attrs: Spec['attributes']): void {
  for (const [name, def] of Object.entries(attrs)) {
    if (name === '$include') continue;
    const prev = into.get(name) ?? {};
    const d = def as Def;
    into.set(name, { ...prev, ...d, ...(prev.enum || d.enum ? { enum: { ...prev.enum, ...d.enum } } : {}) });
  }
}

function resolve(path: string, kind: 'events' | 'objects'): Resolved {
  const spec = read(path);
  const base: Resolved = spec.extends
    ? resolve(kind === 'events' ? (spec.extends === 'base_event' ? 'events/base_event.json' : `events/findings/${spec.extends}.json`) : `objects/${spec.extends}.json`, kind)
    : { attributes: new Map(), profiles: new Map() };
  const attributes = new Map(base.attributes);
  const profiles = new Map(base.profiles);
  for (const inc of (spec.attributes.$include as string[] | undefined) ?? []) {
    const name = inc.replace(/^profiles\//, '').replace(/\.json$/, '');
    try {
      const p = new Map<string, Def>();
      merge(p, read(inc).attributes);
      profiles.set(name, p);
    } catch {
      profiles.set(name, new Map()); // a profile not copied: its attributes stay unknown
    }
  }
  merge(attributes, spec.attributes);
  return { attributes, profiles, constraints: spec.constraints ?? base.constraints, uid: spec.uid ?? base.uid, category: spec.category ?? base.category };
}

function baseType(type: string): string {
  const t = dictionary.types.attributes[type];
  return t?.type ?? type;
}

function checkValue(value: unknown, def: Def, where: string, errors: string[], profiles: string[]): void {
  const dict = dictionary.attributes[where.split('.').pop()!.replace(/\[\d+\]$/, '')] ?? {};
  const type = def.type ?? dict.type;
  const isArray = def.is_array ?? dict.is_array;
  if (type === undefined) return void errors.push(`${where}: not in the dictionary`);
  if (isArray) {
    if (!Array.isArray(value)) return void errors.push(`${where}: expected an array`);
    value.forEach((v, i) => checkValue(v, { ...def, is_array: false }, `${where}[${i}]`, errors, profiles));
    return;
  }
  const enumeration = def.enum ?? dict.enum;
  // The class and category ids are checked against the taxonomy below, not the base event's placeholder enum.
  if (enumeration && !/^\$\.(class_uid|category_uid)$/.test(where) && !(String(value) in enumeration)) errors.push(`${where}: ${JSON.stringify(value)} not in its enum`);
  const base = baseType(type);
  if (type.endsWith('_t')) {
    const ok =
      base === 'string_t' ? typeof value === 'string'
      : base === 'integer_t' || base === 'long_t' ? Number.isInteger(value)
      : base === 'float_t' ? typeof value === 'number'
      : base === 'boolean_t' ? typeof value === 'boolean'
      : true;
    if (!ok) errors.push(`${where}: expected ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${where}: expected object ${type}`);
  if (type === 'object') return; // the schema's generic object (`unmapped`): any attributes
  checkObject(value as Record<string, unknown>, resolve(`objects/${type}.json`, 'objects'), where, errors, profiles);
}

function checkObject(value: Record<string, unknown>, spec: Resolved, where: string, errors: string[], profiles: string[]): void {
  const allowed = new Map(spec.attributes);
  for (const p of profiles) for (const [k, d] of spec.profiles.get(p) ?? []) allowed.set(k, d);
  for (const [name, def] of allowed) {
    if (def.requirement === 'required' && value[name] === undefined) errors.push(`${where}.${name}: required`);
  }
  const oneOf = spec.constraints?.at_least_one;
  if (oneOf && !oneOf.some((k) => value[k] !== undefined)) errors.push(`${where}: needs one of ${oneOf.join(', ')}`);
  for (const [name, v] of Object.entries(value)) {
    const def = allowed.get(name);
    if (!def) errors.push(`${where}.${name}: not an attribute here`);
    else checkValue(v, def, `${where}.${name}`, errors, profiles);
  }
}

/** Every problem of `event` as an OCSF Compliance Finding (class 2003); empty when it conforms. */
export function ocsfComplianceFindingErrors(event: Record<string, unknown>): string[] {
  const spec = resolve('events/findings/compliance_finding.json', 'events');
  const errors: string[] = [];
  const profiles = ((event.metadata as { profiles?: string[] } | undefined)?.profiles ?? []).filter((p) => spec.profiles.has(p));
  checkObject(event, spec, '$', errors, profiles);
  const categoryUid = categories.attributes[spec.category!]!.uid;
  const classUid = categoryUid * 1000 + spec.uid!;
  if (event.category_uid !== categoryUid) errors.push(`$.category_uid: expected ${categoryUid}`);
  if (event.class_uid !== classUid) errors.push(`$.class_uid: expected ${classUid}`);
  if (event.type_uid !== classUid * 100 + Number(event.activity_id)) errors.push(`$.type_uid: expected class_uid * 100 + activity_id`);
  return errors;
}
