import { describe, expect, it } from 'vitest';
import { FINDING_TYPES, type Finding } from '../../lib/core/finding';
import { renderTable, resourceLabel } from '../../lib/report/table';
import { sampleFindings, sampleResult } from '../sinks/sample-findings';

const ESC = '\u001b[';

describe('renderTable', () => {
  const result = sampleResult();
  const out = renderTable(result);
  const lines = out.split('\n');

  it('prints group headings in FINDING_TYPES order when findings of several types exist', () => {
    const headings = FINDING_TYPES.filter((t) => t !== 'DEPROVISIONED').map((t) => lines.findIndex((l) => l.startsWith(`${t} (`) || l.trim().startsWith(`${t} (`)));
    expect(headings.every((i) => i >= 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    expect(lines).toContain('UNAPPROVED_ENTITLEMENT (2)');
  });

  it('prints exactly one line per finding when rendering', () => {
    for (const f of result.findings) {
      expect(lines.filter((l) => l.includes(f.summary))).toHaveLength(1);
    }
  });

  it('orders a group by severity, highest first, when it holds several severities', () => {
    const critical = lines.findIndex((l) => l.startsWith('CRITICAL'));
    const high = lines.findIndex((l) => l.startsWith('HIGH') && l.includes('group/admins'));
    expect(critical).toBeGreaterThan(-1);
    expect(critical).toBeLessThan(high);
  });

  it('shows the short resource name, ticket id and exempt flag when the finding has them', () => {
    const exempt = lines.find((l) => l.includes('key 2 last used'))!;
    expect(exempt).toContain('user/svc-billing-export key 2');
    expect(exempt).toContain('(exempt)');
    const drifted = lines.find((l) => l.includes('trust also allows'))!;
    expect(drifted).toContain('role/deploy');
    expect(drifted).toContain('CHG-1050');
  });

  it('prints account, evaluation time and counts in the header when rendering', () => {
    expect(lines[0]).toContain('123456789012');
    expect(lines[1]).toContain('2026-11-20T00:00:00.000Z');
    expect(lines[1]).toContain('11 findings · 1 reconciled');
  });

  it('prints totals, approval outcomes, actions and exemptions in the footer when rendering', () => {
    expect(out).toMatch(/Findings by severity: CRITICAL 1 · HIGH 2 · MEDIUM 4 · LOW 4 · INFORMATIONAL 1/);
    expect(out).toMatch(/Approval outcomes \(3\): RECONCILED 1 · PENDING 1 · UNVERIFIED 0 · APPROVED_NOT_PROVISIONED 1/);
    expect(out).toContain('Planned actions: 1 (deactivate-access-key ×1)');
    expect(out).toContain('Exemptions: 1');
    expect(out).toContain('legacy batch job, INC-77');
    expect(out).not.toContain('WARNING');
  });

  it('warns about incomplete inventory when parts were not read', () => {
    const partial = renderTable({ ...result, incomplete: ['credentialReport'] });
    expect(partial.match(/WARNING: incomplete inventory — not read: credentialReport/g)).toHaveLength(2);
  });

  it('lists reconciled findings as a count and one line each when there are some', () => {
    const at = lines.indexOf('RECONCILED (1)');
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^ {2}CHG-1042 {2}user\/svc-billing-export {2}CHG-1042: managed policy/);
  });

  it('keeps the finding on one line when its summary has newlines', () => {
    const f: Finding = { ...sampleFindings()[7]!, summary: 'first\nsecond\tthird' };
    expect(renderTable(sampleResult([f]))).toContain('first second third');
  });

  it('shows control characters from ticket ids, names, summaries and reasons as visible escapes when rendering without colour', () => {
    const [unapproved, reconciled] = [sampleFindings().find((f) => f.type === 'UNAPPROVED_ENTITLEMENT')!, sampleFindings().find((f) => f.type === 'RECONCILED')!];
    const hostile: Finding[] = [
      { ...unapproved, resource: { type: 'AwsIamUser', id: 'arn:aws:iam::123456789012:user/svc\u202etxt.exe', name: 'svc\u202etxt.exe' }, summary: 'tag owner=\u009b2J\u001b]0;pwned\u0007', approval: { ...reconciled.approval!, ticketId: 'CHG-9\u001b[2J' } },
      { ...reconciled, approval: { ...reconciled.approval!, ticketId: 'CHG-1\u001b[31m' } },
    ];
    const text = renderTable({ ...sampleResult(hostile), exemptions: [{ resource: 'prod/db\u2066', source: 'tag', reason: 'ok\u001b[8m hidden' }] });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    for (const shown of ['CHG-9\\u001b[2J', 'CHG-1\\u001b[31m', 'svc\\u202etxt.exe', '\\u009b2J\\u001b]0;pwned\\u0007', 'prod/db\\u2066', 'ok\\u001b[8m hidden']) {
      expect(text).toContain(shown);
    }
  });

  it('prints ANSI codes only when colour is asked for', () => {
    expect(out).not.toContain(ESC);
    expect(renderTable(result, { color: true })).toContain(`${ESC}1;31mCRITICAL`);
  });

  it('says no problems were found when there are only reconciled findings', () => {
    const only = renderTable(sampleResult(sampleFindings().filter((f) => f.type === 'RECONCILED')));
    expect(only).toContain('No problems found.');
    expect(only).not.toContain('SEVERITY');
  });

  it('ends with a single newline and no trailing spaces when rendering', () => {
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });
});

describe('resourceLabel', () => {
  it.each([
    ['STALE_ACCESS_KEY', 'user/svc-billing-export key 1'],
    ['SECRET_UNUSED', 'secret/prod/db'],
    ['UNUSED_ROLE', 'role/deploy'],
    ['EXPIRED_APPROVAL_ACTIVE', 'user/svc-billing-export'],
  ] as const)('names the resource of a %s finding %s when shortening', (type, label) => {
    expect(resourceLabel(sampleFindings().find((f) => f.type === type)!)).toBe(label);
  });

  it('names root keys and groups by their short form when shortening', () => {
    const fs = sampleFindings();
    expect(resourceLabel(fs.find((f) => f.control === 'IAM.4')!)).toBe('root key 1');
    expect(resourceLabel(fs.find((f) => f.resource.type === 'AwsIamGroup')!)).toBe('group/admins');
  });
});
