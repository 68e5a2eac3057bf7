import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import { findingControls, requirementName } from '../../lib/core/controls';
import { remediationOf } from '../../lib/core/finding-texts';
import type { ReconcileResult } from '../../lib/core/result';
import { renderCsv } from '../../lib/report/csv';
import { renderTable, resourceLabel } from '../../lib/report/table';

const NOW = '2026-11-20T00:00:00Z';
const DEMO = resolve(__dirname, '../../examples/demo-account');

async function demoResult(): Promise<ReconcileResult> {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined, clock: () => new Date(NOW) };
  expect(await main(['sweep', '--snapshot', DEMO, '--format', 'json', '--now', NOW], io, { noColor: true })).toBe(0);
  return JSON.parse(stdout) as ReconcileResult;
}

describe('finding texts of the demo account', () => {
  it('matches the reviewed golden texts when sweeping examples/demo-account', async () => {
    const r = await demoResult();
    const lines = r.findings
      .filter((f) => f.type !== 'RECONCILED')
      .map((f) =>
        [
          `${f.type}${f.variant ? `/${f.variant}` : ''} ${resourceLabel(f)} ${f.approval?.ticketId ?? ''}`.trimEnd(),
          `  title:        ${f.title}`,
          `  summary:      ${f.summary}`,
          `  remediation:  ${remediationOf(f)}`,
          `  requirements: ${findingControls(f).controls.map(requirementName).join('; ')}`,
        ].join('\n'),
      );
    await expect(`${lines.join('\n\n')}\n`).toMatchFileSnapshot('./golden/demo-finding-texts.txt');
  });

  it('prints the same summary in the table and the same title, summary and remediation in the CSV when rendering the demo', async () => {
    const r = await demoResult();
    // Wide enough that no cell wraps, every finding listed: each summary appears whole.
    const table = renderTable(r, { width: 1000, showReconciled: true });
    const rows = parse(renderCsv(r), { columns: true }) as Record<string, string>[];
    r.findings.forEach((f, i) => {
      expect(table).toContain(f.summary);
      expect(rows[i]).toMatchObject({ id: f.id, title: f.title, summary: f.summary, remediation: remediationOf(f) });
    });
  });
});
