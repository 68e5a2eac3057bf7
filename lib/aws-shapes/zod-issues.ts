import type { z } from 'zod';
import { showValue } from './aws-date';
import { SnapshotError } from './snapshot-error';

/** A path inside a parsed document, as zod reports it. */
export type IssuePath = readonly PropertyKey[];

/** Splits an issue path into the record and the field that an error message names. */
export type Locate = (path: IssuePath) => { record?: string; field?: string };

/** `['UserPolicyList', 0, 'PolicyName']` → `UserPolicyList[0].PolicyName`. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/**
 * Locator for AWS list exports: the record is the list entry (`UserDetailList[3]`), the field the
 * rest of the path (`CreateDate`); issues outside a list entry have no record.
 */
export const locateListEntry: Locate = (path) => {
  const [list, index, ...rest] = path;
  if (typeof list === 'string' && typeof index === 'number') {
    const field = formatPath(rest);
    return field === '' ? { record: `${list}[${index}]` } : { record: `${list}[${index}]`, field };
  }
  const field = formatPath(path);
  return field === '' ? {} : { field };
};

function valueAt(data: unknown, path: IssuePath): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The reason text for one zod issue, in the project's short style. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'required' : `expected ${issue.expected} (got ${showValue(value)})`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return value === undefined ? 'required' : `expected one of ${issue.options.join(' | ')} (got ${showValue(value)})`;
      }
      return `not a recognised value (${showValue(value)})`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(' | ')} (got ${showValue(value)})`;
    case 'custom':
      return issue.message;
    default:
      return `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)} (got ${showValue(value)})`;
  }
}

/**
 * Parses `data` with `schema`, turning the first zod issue into a {@link SnapshotError} that names
 * the file, the record and the field.
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, file: string, locate: Locate = locateListEntry): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new SnapshotError({ file, reason: 'invalid' }, { cause: result.error });
  throw new SnapshotError({ file, ...locate(issue.path), reason: describeIssue(issue, data) }, { cause: result.error });
}
