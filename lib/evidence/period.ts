import { TallyError } from '../errors/tally-error';
import { parseInstant } from '../core/time';

/** The period a bundle covers: `from` inclusive, `to` exclusive, both ISO 8601 instants (UTC). */
export interface Period {
  from: string;
  to: string;
}

/** A period that is not one: unreadable dates, or `to` not after `from`. */
export class PeriodError extends TallyError {
  override readonly name = 'PeriodError';
}

/** `--from`/`--to` as a period; a bare date is midnight UTC. */
export function parsePeriod(from: string, to: string): Period {
  const f = parseInstant(from, { dateOnly: true });
  const t = parseInstant(to, { dateOnly: true });
  if (f === undefined || t === undefined) throw new PeriodError(`not an ISO 8601 date or instant: ${f === undefined ? from : to}`, { from, to });
  if (t <= f) throw new PeriodError(`the period ends (${to}) before it starts (${from})`, { from, to });
  return { from: new Date(f).toISOString(), to: new Date(t).toISOString() };
}

/** The bundle's folder name: `<from>_<to>`, dates only when both are midnight, else compact instants. */
export function periodFolder(p: Period): string {
  const midnight = (s: string) => s.endsWith('T00:00:00.000Z');
  const name = (s: string) => (midnight(p.from) && midnight(p.to) ? s.slice(0, 10) : s.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'));
  return `${name(p.from)}_${name(p.to)}`;
}

/** Whether `at` falls in the period. */
export function inPeriod(at: string, p: Period): boolean {
  const ms = Date.parse(at);
  return ms >= Date.parse(p.from) && ms < Date.parse(p.to);
}

/** The previous whole UTC calendar month before `now` (the scheduled export's default). */
export function previousMonth(now: Date): Period {
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
