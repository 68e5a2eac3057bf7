import type { AwsSecurityFinding } from './asff-schema';

/** BatchImportFindings takes at most 100 findings per call. */
export const MAX_FINDINGS_PER_BATCH = 100;

/**
 * BatchImportFindings takes at most 6 MB per call. Measured as UTF-8 JSON of the findings, with 64 KiB
 * left for the request envelope and because "MB" in the quota may mean 10^6 bytes.
 */
export const MAX_BATCH_BYTES = 6_000_000 - 64 * 1024;

const encoder = new TextEncoder();

/** Size of a finding as it goes over the wire (JSON, UTF-8). */
export function asffBytes(f: AwsSecurityFinding): number {
  return encoder.encode(JSON.stringify(f)).length;
}

/**
 * Splits findings into batches of at most `maxCount` findings and `maxBytes` bytes (a comma per
 * finding included), keeping their order. A single finding over `maxBytes` still gets a batch of its
 * own: Security Hub rejects it per finding, and that rejection is reported like any other.
 */
export function toBatches(
  findings: AwsSecurityFinding[],
  maxCount = MAX_FINDINGS_PER_BATCH,
  maxBytes = MAX_BATCH_BYTES,
): AwsSecurityFinding[][] {
  const out: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = 2; // the enclosing []
  for (const f of findings) {
    const size = asffBytes(f) + 1;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 2;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
