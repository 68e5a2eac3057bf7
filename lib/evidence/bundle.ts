import { renderReport } from './html-report';
import { buildManifest, manifestBytes, MANIFEST_FILE, SIGNATURE_FILE, type Manifest } from './manifest';
import { computeMetrics, type EvidenceMetrics } from './metrics';
import { periodFolder, type Period } from './period';
import { JSONL_FILES, toJsonLines, type EvidenceData } from './records';
import type { ManifestSigner } from './signing';

/** The report's file name in a bundle. */
export const REPORT_FILE = 'report.html';

/** Where a bundle's files go: a folder on disk, or a prefix in an S3 bucket. */
export interface BundleSink {
  /** Writes one file of the bundle folder `folder` (a period's name). */
  write(folder: string, path: string, bytes: Buffer, contentType: string): Promise<void>;
}

/** What an export wrote. */
export interface WrittenBundle {
  folder: string;
  manifest: Manifest;
  metrics: EvidenceMetrics;
}

const CONTENT_TYPES: Record<string, string> = { '.jsonl': 'application/jsonl', '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.sig': 'text/plain' };
const contentType = (path: string) => CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

/** Sorted by a stable key, so the same records give the same bytes whatever order they were read in. */
function sorted(data: EvidenceData): EvidenceData {
  const by = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    ...data,
    findings: [...data.findings].sort(by((f) => `${f.firstSeen}|${f.findingId}`)),
    approvals: [...data.approvals].sort(by((a) => a.approvalKey)),
    actions: [...data.actions].sort(by((a) => `${a.at}|${a.actionId}|${a.phase}|${a.decision}`)),
  };
}

/**
 * Writes one period's bundle: the JSON lines files, the HTML report, then the manifest of their
 * SHA-256 digests and last its signature (base64 DER), so a bundle cut short never verifies.
 */
export async function writeBundle(input: EvidenceData, period: Period, generatedAt: string, signer: ManifestSigner, sink: BundleSink): Promise<WrittenBundle> {
  const data = sorted(input);
  const folder = periodFolder(period);
  const files = new Map<string, Buffer>([
    [JSONL_FILES.findings, Buffer.from(toJsonLines(data.findings))],
    [JSONL_FILES.approvals, Buffer.from(toJsonLines(data.approvals))],
    [JSONL_FILES.actions, Buffer.from(toJsonLines(data.actions))],
  ]);
  if (data.reviewsGiven) files.set(JSONL_FILES.reviews, Buffer.from(toJsonLines(data.reviews)));
  const metrics = computeMetrics(data, period);
  files.set(REPORT_FILE, Buffer.from(renderReport(metrics, { period, generatedAt, sources: data.sources, files: [...files.keys()] })));
  const manifest = buildManifest(files, period, generatedAt, signer.info);
  const bytes = manifestBytes(manifest);
  const signature = await signer.sign(bytes);
  for (const [path, content] of files) await sink.write(folder, path, content, contentType(path));
  await sink.write(folder, MANIFEST_FILE, bytes, contentType(MANIFEST_FILE));
  await sink.write(folder, SIGNATURE_FILE, Buffer.from(`${signature.toString('base64')}\n`), contentType(SIGNATURE_FILE));
  return { folder, manifest, metrics };
}
