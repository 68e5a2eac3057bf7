import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { parseCredentialReportCsv, type CredentialReport } from '../snapshot/credential-report';
import { InventoryReadError } from './inventory-errors';

export interface CredentialReportOptions {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** IAM makes a new report at most every 4 h; a younger one is reused as is. */
  maxAgeHours?: number;
  /** Give up waiting for generation after this long. */
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
 */
export async function readCredentialReport(iam: Iam, opts: CredentialReportOptions): Promise<CredentialReport> {
  const maxAgeMs = (opts.maxAgeHours ?? 4) * 3_600_000;
  const existing = await fetchReport(iam);
  if (existing && opts.now().getTime() - existing.generatedAt.getTime() < maxAgeMs) return existing.report;

  const deadline = opts.now().getTime() + (opts.maxWaitMs ?? 120_000);
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
    if (opts.now().getTime() + delay > deadline) {
      throw new InventoryReadError('GenerateCredentialReport', 'credential report', { cause: new Error(`still ${state ?? 'not ready'} after waiting`) });
    }
    opts.progress?.(`IAM: credential report ${state ?? 'not ready'}, waiting ${delay / 1000} s`);
    await opts.sleep(delay);
  }
}
