import { isoDay } from '../describe';
import { days, type TypeTexts } from './common';

export const SECRET_NOT_ROTATED_TEXTS: TypeTexts = {
  'rotation-disabled': {
    when: 'automatic rotation is off (with `requireSecretRotation`) while the value is still within the limit',
    remediation:
      'In AWS: turn on automatic rotation (RotateSecret with a rotation function, or managed rotation) on a schedule within the limit. In the ticket: if the secret cannot rotate (e.g. a key a vendor issues), record why and exempt it with the exempt tag and that reason.',
  },
  overdue: {
    when: 'rotation is on and has run, but the last rotation is older than the limit (rotation failing, or its schedule longer than the limit)',
    remediation:
      "In AWS: check the rotation function's logs and the schedule, fix what fails, then rotate now (RotateSecret). In the ticket: if the approved rotationDays no longer fits, approve another in a new ticket.",
  },
  'never-rotated': {
    when: 'rotation is on but has never completed, and the value is older than the limit',
    remediation:
      "In AWS: rotation is configured but has never completed: check the rotation function's logs (CloudWatch Logs) and its permissions, then rotate once (RotateSecret). In the ticket: if the approved rotationDays no longer fits, approve another in a new ticket.",
  },
  'disabled-overdue': {
    when: 'automatic rotation is off and the value is older than the limit',
    remediation:
      'In AWS: rotate the value now and turn on automatic rotation on a schedule within the limit; update the workloads that read it if they cache the value. In the ticket: if the secret cannot rotate, record why and exempt it with the exempt tag and that reason.',
  },
};

export interface SecretRotationState {
  name: string;
  rotationEnabled: boolean;
  lastRotatedAt?: string;
  /** When the current value was set, if known. */
  setAt?: string;
  ageDays: number | null;
  limitDays: number;
  tooOld: boolean;
}

/** Title, summary and variant of a secret whose value is not rotated as required. */
export function secretNotRotatedTexts(s: SecretRotationState): { variant: string; title: string; summary: string } {
  const limit = `limit ${days(s.limitDays)}`;
  const value = s.setAt === undefined || s.ageDays === null ? undefined : `the value set ${isoDay(s.setAt)} is ${days(s.ageDays)} old`;
  if (!s.tooOld) {
    return {
      variant: 'rotation-disabled',
      title: `Secret ${s.name} has automatic rotation disabled`,
      summary: `automatic rotation is disabled; ${value ? `${value}, within the limit of ${days(s.limitDays)}` : 'the date of the value is unknown'}`,
    };
  }
  const title = `Secret ${s.name} not rotated in ${days(s.ageDays!)}`;
  if (!s.rotationEnabled) return { variant: 'disabled-overdue', title, summary: `automatic rotation is disabled and ${value} (${limit})` };
  if (s.lastRotatedAt !== undefined) {
    return { variant: 'overdue', title, summary: `rotation is enabled but last ran ${isoDay(s.lastRotatedAt)}, ${days(s.ageDays!)} ago (${limit})` };
  }
  return { variant: 'never-rotated', title, summary: `rotation is enabled but has never completed; ${value} (${limit})` };
}
