import Table from 'cli-table3';
import { parseArn, shortName } from '../core/arn';
import { FINDING_TYPES, SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding';
import type { ApprovalOutcomeKind, ReconcileResult } from '../core/result';
import { terminalSafe } from './terminal-text';

export interface TableOptions {
  /** ANSI colours for severities and headings. @default false */
  color?: boolean;
}

const OUTCOME_ORDER: ApprovalOutcomeKind[] = [
  'RECONCILED',
  'PENDING',
  'UNVERIFIED',
  'APPROVED_NOT_PROVISIONED',
  'DRIFTED_ENTITLEMENT',
  'EXPIRED_APPROVAL_ACTIVE',
  'DEPROVISIONED',
];

const SEVERITY_COLOR: Record<Severity, string> = {
  CRITICAL: '\u001b[1;31m',
  HIGH: '\u001b[31m',
  MEDIUM: '\u001b[33m',
  LOW: '\u001b[36m',
  INFORMATIONAL: '\u001b[90m',
};

/** Borderless: columns separated by two spaces, no rules between rows. */
const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: '  ',
};

type Paint = (code: string, s: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, s) => `${code}${s}\u001b[0m` : (_code, s) => s;
}

/** Short resource name: `user/svc-billing`, `role/deploy`, `secret/prod/db`, `user/svc-billing key 1`. */
export function resourceLabel(f: Finding): string {
  const r = f.resource;
  switch (r.type) {
    case 'AwsIamAccessKey': {
      const owner = r.principalArn ? parseArn(r.principalArn) : undefined;
      const who = owner ? (owner.resourceType === 'root' ? 'root' : `user/${owner.name}`) : r.name;
      return r.accessKeySlot ? `${who} key ${r.accessKeySlot}` : who;
    }
    case 'AwsSecretsManagerSecret':
      return parseArn(r.id) ? shortName(r.id) : `secret/${r.name}`;
    case 'AwsIamUser':
      return parseArn(r.id)?.resourceType === 'root' ? 'root' : `user/${r.name}`;
    case 'AwsIamRole':
      return `role/${r.name}`;
    case 'AwsIamGroup':
      return `group/${r.name}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line: no newlines or runs of whitespace from the summary. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Every string from the data (names, tags, ticket ids, reasons) goes through here before it is printed. */
const shown = terminalSafe;

function flags(f: Finding): string {
  return [f.exempt ? '(exempt)' : '', f.privileged ? '(privileged)' : ''].filter(Boolean).join(' ');
}

/** Highest severity first; then by resource and id so the order never depends on input order. */
function bySeverity(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    resourceLabel(a).localeCompare(resourceLabel(b)) ||
    a.id.localeCompare(b.id)
  );
}

function countBy<T extends string>(items: T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const i of items) out.set(i, (out.get(i) ?? 0) + 1);
  return out;
}

function findingsTable(groups: [string, Finding[]][], paint: Paint): string {
  const table = new Table({
    head: ['SEVERITY', 'RESOURCE', 'FINDING', 'TICKET', 'FLAGS'],
    chars: NO_BORDER,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  for (const [type, findings] of groups) {
    table.push([{ colSpan: 5, content: '' }]);
    table.push([{ colSpan: 5, content: paint('\u001b[1m', `${type} (${findings.length})`) }]);
    for (const f of findings) {
      table.push([paint(SEVERITY_COLOR[f.severity], f.severity), shown(resourceLabel(f)), shown(oneLine(f.summary)), shown(f.approval?.ticketId ?? ''), flags(f)]);
    }
  }
  return table.toString();
}

function reconciledList(findings: Finding[], paint: Paint): string[] {
  if (!findings.length) return [];
  const lines = findings
    .map((f) => [shown(f.approval?.ticketId ?? '-'), shown(resourceLabel(f)), shown(oneLine(f.summary))] as const)
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
  const ticketWidth = Math.max(...lines.map((l) => l[0].length));
  const resourceWidth = Math.max(...lines.map((l) => l[1].length));
  return [
    '',
    paint('\u001b[1m', `RECONCILED (${findings.length})`),
    ...lines.map(([t, r, s]) => `  ${t.padEnd(ticketWidth)}  ${r.padEnd(resourceWidth)}  ${s}`),
  ];
}

function footer(result: ReconcileResult, problems: Finding[], paint: Paint): string[] {
  const sev = countBy(result.findings.map((f) => f.severity));
  const severities = [...SEVERITIES].reverse().map((s) => `${paint(SEVERITY_COLOR[s], s)} ${sev.get(s) ?? 0}`);
  const outcomes = countBy(result.outcomes.map((o) => o.outcome));
  const actionKinds = countBy(result.actions.map((a) => a.kind));
  const lines = [
    '',
    `Findings by severity: ${severities.join(' · ')}`,
    `Approval outcomes (${result.outcomes.length}): ${OUTCOME_ORDER.map((o) => `${o} ${outcomes.get(o) ?? 0}`).join(' · ')}`,
    `Planned actions: ${result.actions.length}${actionKinds.size ? ` (${[...actionKinds].map(([k, n]) => `${k} ×${n}`).join(', ')})` : ''}` +
      (result.actions.length ? ' — not applied (report mode)' : ''),
    `Exemptions: ${result.exemptions.length}`,
    ...result.exemptions.map((e) => `  ${shown(parseArn(e.resource) ? shortName(e.resource) : e.resource)} (${shown(e.source)}): ${shown(oneLine(e.reason))}`),
  ];
  if (result.incomplete.length) {
    lines.push(
      paint('\u001b[1;33m', `WARNING: incomplete inventory — not read: ${result.incomplete.join(', ')}. Results in those areas are partial.`),
    );
  }
  if (!problems.length) lines.push('No problems found.');
  return lines;
}

/** A human-readable report: findings grouped by type (FINDING_TYPES order), highest severity first. */
export function renderTable(result: ReconcileResult, opts: TableOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const problems = result.findings.filter((f) => f.type !== 'RECONCILED');
  const groups = FINDING_TYPES.filter((t) => t !== 'RECONCILED')
    .map((t) => [t, problems.filter((f) => f.type === t).sort(bySeverity)] as [string, Finding[]])
    .filter(([, fs]) => fs.length > 0);
  const reconciled = result.findings.filter((f) => f.type === 'RECONCILED');
  const header = [
    paint('\u001b[1m', `Tally access reconciliation — account ${shown(result.accountId)}`),
    `Evaluated ${shown(result.evaluatedAt)} · ${plural(problems.length, 'finding')} · ${reconciled.length} reconciled · ` +
      `${plural(result.summary.approvals, 'approval')} · ${plural(result.summary.principals, 'principal')} · ${plural(result.summary.secrets, 'secret')}`,
  ];
  if (result.incomplete.length) header.push(paint('\u001b[1;33m', `WARNING: incomplete inventory — not read: ${result.incomplete.join(', ')}`));
  const body = groups.length ? findingsTable(groups, paint).split('\n') : [];
  const lines = [...header, ...body, ...reconciledList(reconciled, paint), ...footer(result, problems, paint)];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
