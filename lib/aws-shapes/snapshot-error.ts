/** Where a snapshot or approvals file went wrong, and why. */
export interface SnapshotErrorInit {
  /** The file as the caller named it (path or display name). */
  file: string;
  /** The record inside the file: `UserDetailList[3]`, `row 7 (ticket CHG-1042)`, `header`. */
  record?: string;
  /** The field inside the record: `CreateDate`, `UserPolicyList[0].PolicyDocument`, `approvedAt`. */
  field?: string;
  /** What is wrong, e.g. `required`, `not a date ("yesterday")`. */
  reason: string;
}

/**
 * A snapshot or approvals file that cannot be read as it stands. The message names the file, the
 * record and the field, e.g. `gaad.json: UserDetailList[3].CreateDate: not a date ("yesterday")` or
 * `approvals.csv: row 7 (ticket CHG-1042): approvedAt: not a date ("soon")`.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  readonly file: string;
  readonly record?: string;
  readonly field?: string;
  readonly reason: string;

  constructor(init: SnapshotErrorInit, options?: { cause?: unknown }) {
    super(formatMessage(init), options);
    this.file = init.file;
    if (init.record !== undefined) this.record = init.record;
    if (init.field !== undefined) this.field = init.field;
    this.reason = init.reason;
  }
}

function formatMessage({ file, record, field, reason }: SnapshotErrorInit): string {
  let where = file;
  if (record !== undefined) where += `: ${record}`;
  // A JSON path record (`UserDetailList[3]`) reads best joined to its field as one path.
  if (field !== undefined) where += record !== undefined && record.endsWith(']') ? `.${field}` : `: ${field}`;
  return `${where}: ${reason}`;
}
