import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { WaitClock } from '../aws/wait-clock';
import { parseCredentialReportCsv, type CredentialReport } from '../aws-shapes/credential-report';
import { InventoryReadError } from './inventory-errors';

/** Longest wait for a new report by default: well inside the sweep Lambda's 15-minute timeout. */
export const DEFAULT_REPORT_MAX_WAIT_MS = 120_000;

export interface CredentialReportOptions {
  /** The instant the sweep judges at: a report generated within `maxAgeHours` before it is reused. */
  now: Date;
  /** Measures and spends the wait for generation (never `now`, which may be fixed). */
  wait: WaitClock;
  /** IAM makes a new report at most every 4 h; a younger one is reused as is. */
  maxAgeHours?: number;
  /** Give up waiting for generation after this long. @default DEFAULT_REPORT_MAX_WAIT_MS */
  maxWaitMs?: number;
  progress?(message: string): void;
}

/** The report is not there (yet) or is too old: generate one. */
const REGENERATE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException', 'CredentialReportNotReadyException']);

type Iam = Pick<IAMClient, 'send'>;

async function fetchReport(iam: Iam): Promise<{ report: CredentialReport; generatedAt: Date } | undefined> {
  try {
    const r = await iam.send(new GetCredentialReportCommand({}));
    if (!r.Content || !r.GeneratedTime) return undefined;
    const csv = Buffer.from(r.Content).toString('utf8');
    return { report: { ...parseCredentialReportCsv(csv, 'GetCredentialReport'), generatedAt: r.GeneratedTime.toISOString() }, generatedAt: r.GeneratedTime };
  } catch (cause) {
    if (cause instanceof Error && REGENERATE.has(cause.name)) return undefined;
    throw new InventoryReadError('GetCredentialReport', 'credential report', { cause });
  }
}

/**
 * The credential report for key ages and use: reuses one younger than `maxAgeHours`, otherwise
 * generates one and polls with exponential backoff (1 s doubling to 8 s) until it is complete.
 * Past `maxWaitMs` it throws {@link InventoryReadError}: the caller leaves the part unread. The time
 * spent counts at least the sleeps asked for, so the wait ends even under a clock that stands still.
 */
export async function readCredentialReport(iam: Iam, opts: CredentialReportOptions): Promise<CredentialReport> {
  const maxAgeMs = (opts.maxAgeHours ?? 4) * 3_600_000;
  const existing = await fetchReport(iam);
  if (existing && opts.now.getTime() - existing.generatedAt.getTime() < maxAgeMs) return existing.report;

  const budget = opts.maxWaitMs ?? DEFAULT_REPORT_MAX_WAIT_MS;
  const started = opts.wait.elapsedMs();
  let slept = 0;
  const spent = () => Math.max(opts.wait.elapsedMs() - started, slept);
  for (let delay = 1000; ; delay = Math.min(delay * 2, 8000)) {
    let state: string | undefined;
    try {
      state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
    } catch (cause) {
      throw new InventoryReadError('GenerateCredentialReport', 'credential report', { cause });
    }
    if (state === 'COMPLETE') {
      const fresh = await fetchReport(iam);
      if (fresh) return fresh.report;
    }
    if (spent() + delay > budget) {
      const waited = `${Math.round(spent() / 1000)} s (limit ${budget / 1000} s)`;
      throw new InventoryReadError('GenerateCredentialReport', 'credential report', { cause: new Error(`still ${state ?? 'not ready'} after waiting ${waited}`) });
    }
    opts.progress?.(`IAM: credential report ${state ?? 'not ready'}, waiting ${delay / 1000} s`);
    await opts.wait.sleep(delay);
    slept += delay;
  }
}
