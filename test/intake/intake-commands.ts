import { isRejection, parseIntakeDetail, type IntakeChange, type IntakeCommand } from '../../lib/intake/intake-contract';
import { approval } from '../approvals/store-fixtures';

/** The intake command of `change` at `version` for the fixture approval with `overrides`, parsed as the intake parses it; throws naming the field when it is rejected. */
export function command(change: IntakeChange, version: number, overrides: Record<string, unknown> = {}): IntakeCommand {
  const parsed = parseIntakeDetail(change, { approval: { ...approval(), ...overrides }, version });
  if (isRejection(parsed)) throw new Error(`${parsed.field}: ${parsed.reason}`);
  return parsed;
}
