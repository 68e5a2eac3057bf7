import { describe, expect, it } from 'vitest';
import { FINDING_TYPES, severityRank, type Finding, type FindingType, type Severity } from '../../lib/core/finding';
import { renderTable, resourceLabel } from '../../lib/report/table';
import { sampleFindings, sampleResult } from '../sinks/sample-findings';

const ESC = '\u001b[';

describe('renderTable', () => {
  const result = sampleResult();
  const out = renderTable(result, { width: 200 });
  const lines = out.split('\n');

  it('lists findings worst first, by severity then type, one section per severity and type when findings of several types exist', () => {
    const titles = lines.filter((l) => /^[A-Z]+ {2}[A-Z_]+ \(\d+\)$/.test(l)).map((l) => l.split(/ +/).slice(0, 2) as [Severity, FindingType]);
    expect(titles.length).toBeGreaterThan(3);
    const rank = titles.map(([sev, type]) => [-severityRank(sev), FINDING_TYPES.indexOf(type)]);
    expect(rank).toEqual([...rank].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));
    expect(titles[0]).toEqual(['CRITICAL', 'UNAPPROVED_ENTITLEMENT']);
  });

  it('prints exactly one line per finding when the terminal is wide enough', () => {
    for (const f of result.findings.filter((x) => x.type !== 'RECONCILED')) {
      expect(lines.filter((l) => l.includes(f.summary))).toHaveLength(1);
    }
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

  it('summarises reconciled findings in one line when not asked to show them', () => {
    expect(lines.filter((l) => l.includes('RECONCILED (1)'))).toEqual(['RECONCILED (1): approved and present as approved (--show-reconciled lists them)']);
    expect(out).not.toContain('CHG-1042: managed policy');
  });

  it('lists reconciled findings one line each when asked to show them', () => {
    const shown = renderTable(result, { width: 200, showReconciled: true }).split('\n');
    const at = shown.indexOf('RECONCILED (1)');
    expect(at).toBeGreaterThan(-1);
    expect(shown[at + 1]).toMatch(/^TICKET +RESOURCE +FINDING$/);
    expect(shown[at + 2]).toMatch(/^CHG-1042 {2}user\/svc-billing-export {2}CHG-1042: managed policy/);
  });

  it('lists PENDING and UNVERIFIED approvals with ticket, principal and entitlement when there are some', () => {
    const outcomes = [
      { approvalKey: 'CHG-2|arn:aws:iam::123456789012:user/ian|group-membership|Developers', ticketId: 'CHG-2', outcome: 'PENDING' as const },
      { approvalKey: 'CHG-3|arn:aws:iam::123456789012:user/svc|access-key|1', ticketId: 'CHG-3', outcome: 'UNVERIFIED' as const },
    ];
    const text = renderTable({ ...result, outcomes: [...result.outcomes, ...outcomes] }, { width: 120 });
    expect(text).toMatch(/PENDING approvals \(2\)\nTICKET +PRINCIPAL +ENTITLEMENT\n/);
    expect(text).toMatch(/CHG-2 +user\/ian +group-membership Developers/);
    expect(text).toMatch(/UNVERIFIED approvals \(1\)\n.*\nCHG-3 +user\/svc +access-key 1/);
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
    const text = renderTable({ ...sampleResult(hostile), exemptions: [{ resource: 'prod/db\u2066', source: 'tag', reason: 'ok\u001b[8m hidden' }] }, { width: 200, showReconciled: true });
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
    expect(only).not.toContain('FINDING');
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

describe('renderTable at a terminal width', () => {
  const wide: Finding = {
    ...sampleFindings().find((f) => f.type === 'DRIFTED_ENTITLEMENT')!,
    summary: `trust for arn:aws:iam::464622532012:root — trust policy also allows ${'arn:aws:iam::210987654321:role/a-very-long-role-name-for-wrapping '.repeat(3)}`,
    resource: { type: 'AwsIamRole', id: 'arn:aws:iam::123456789012:role/DatadogIntegrationRoleWithAnEvenLongerName', name: 'DatadogIntegrationRoleWithAnEvenLongerName' },
  };
  const result = { ...sampleResult([...sampleFindings(), wide]), exemptions: [{ resource: 'prod/db', source: 'tag' as const, reason: 'a long reason '.repeat(12) }] };

  it.each([60, 80, 120])('keeps every line within %i columns, wrapping cells rather than rows, when rendering', (width) => {
    for (const opts of [{ width }, { width, showReconciled: true }, { width, color: true }]) {
      const text = renderTable({ ...result, incomplete: ['credentialReport', 'secrets'] }, opts);
      // eslint-disable-next-line no-control-regex -- colour codes take no columns
      const visible = text.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
      expect(visible.filter((l) => l.length > width)).toEqual([]);
    }
    const words = renderTable(result, { width }).split(/\s+/);
    for (const word of ['trust', 'policy', 'also', 'allows', 'DRIFTED_ENTITLEMENT']) expect(words).toContain(word);
  });
});

