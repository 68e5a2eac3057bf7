import { parseArn, shortName } from '../core/arn';
import { FINDING_TYPES, SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding';
import type { ApprovalOutcomeKind, ReconcileResult } from '../core/result';
import { terminalSafe } from './terminal-text';
import { flow, grid, paragraph, type Column, type Section } from './text-layout';

export interface TableOptions {
  /** ANSI colours for severities and headings. @default false */
  color?: boolean;
  /** Longest line, in columns: cells wrap to fit, rows never do. @default 80 */
  width?: number;
  /** One line per RECONCILED finding instead of their count. @default false */
  showReconciled?: boolean;
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

/** Worst first: severity, then type (FINDING_TYPES order), then resource and id, so the order never depends on input order. */
function worstFirst(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    FINDING_TYPES.indexOf(a.type) - FINDING_TYPES.indexOf(b.type) ||
    resourceLabel(a).localeCompare(resourceLabel(b)) ||
    a.id.localeCompare(b.id)
  );
}

function countBy<T extends string>(items: T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const i of items) out.set(i, (out.get(i) ?? 0) + 1);
  return out;
}

const FINDING_COLUMNS: Column[] = [
  { heading: 'RESOURCE', min: 12, weight: 2 },
  { heading: 'FINDING', min: 20, weight: 3 },
  { heading: 'TICKET', min: 6, max: 16 },
  { heading: 'FLAGS', min: 5, max: 12 },
];

/** One section per severity and type, worst first, each titled `SEVERITY  TYPE (count)`. */
function findingsTable(problems: Finding[], paint: Paint, width: number): string[] {
  const sections: Section[] = [];
  let current: { key: string; findings: Finding[] } | undefined;
  const groups: { key: string; findings: Finding[] }[] = [];
  for (const f of [...problems].sort(worstFirst)) {
    const key = `${f.severity} ${f.type}`;
    if (current?.key !== key) groups.push((current = { key, findings: [] }));
    current.findings.push(f);
  }
  for (const { findings } of groups) {
    const { severity, type } = findings[0]!;
    sections.push({
      title: `${paint(SEVERITY_COLOR[severity], severity)}  ${paint('\u001b[1m', `${type} (${findings.length})`)}`,
      rows: findings.map((f) => [shown(resourceLabel(f)), shown(oneLine(f.summary)), shown(f.approval?.ticketId ?? ''), flags(f)]),
    });
  }
  return grid(FINDING_COLUMNS, sections, width);
}

const RECONCILED_COLUMNS: Column[] = [
  { heading: 'TICKET', min: 6, max: 16 },
  { heading: 'RESOURCE', min: 12, weight: 2 },
  { heading: 'FINDING', min: 20, weight: 3 },
];

function reconciledList(findings: Finding[], paint: Paint, width: number, all: boolean): string[] {
  if (!findings.length) return [];
  const plain = `RECONCILED (${findings.length})`;
  const title = paint('\u001b[1m', plain);
  if (!all) return ['', ...paragraph(`${plain}: approved and present as approved (--show-reconciled lists them)`, width).map((l, i) => (i === 0 ? l.replace(plain, title) : l))];
  const rows = findings
    .map((f) => [shown(f.approval?.ticketId ?? '-'), shown(resourceLabel(f)), shown(oneLine(f.summary))])
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!) || a[2]!.localeCompare(b[2]!));
  return ['', title, ...grid(RECONCILED_COLUMNS, [{ rows }], width)];
}

const WAITING_COLUMNS: Column[] = [
  { heading: 'TICKET', min: 6, max: 16 },
  { heading: 'PRINCIPAL', min: 12, weight: 1 },
  { heading: 'ENTITLEMENT', min: 12, weight: 1 },
];

/** `ticket|principal|kind|target` → its parts; the ticket id is whatever precedes the last three. */
function keyParts(key: string): { principal: string; entitlement: string } {
  const parts = key.split('|');
  const target = parts.pop() ?? '';
  const kind = parts.pop() ?? '';
  const principal = parts.pop() ?? '';
  return { principal: parseArn(principal) ? shortName(principal) : principal, entitlement: target ? `${kind} ${target}` : kind };
}

/** PENDING (within their provisioning grace) and UNVERIFIED (their part of the inventory unread) approvals, one row each. */
function waitingApprovals(result: ReconcileResult, paint: Paint, width: number): string[] {
  return (['PENDING', 'UNVERIFIED'] as const).flatMap((kind) => {
    const rows = result.outcomes
      .filter((o) => o.outcome === kind)
      .map((o) => {
        const { principal, entitlement } = keyParts(o.approvalKey);
        return [shown(o.ticketId), shown(principal), shown(entitlement)];
      })
      .sort((a, b) => a.join('|').localeCompare(b.join('|')));
    return rows.length ? ['', paint('\u001b[1m', `${kind} approvals (${rows.length})`), ...grid(WAITING_COLUMNS, [{ rows }], width)] : [];
  });
}

function footer(result: ReconcileResult, problems: Finding[], paint: Paint, width: number): string[] {
  const sev = countBy(result.findings.map((f) => f.severity));
  const severities = [...SEVERITIES].reverse().map((s) => `${paint(SEVERITY_COLOR[s], s)} ${sev.get(s) ?? 0}`);
  const outcomes = countBy(result.outcomes.map((o) => o.outcome));
  const actionKinds = countBy(result.actions.map((a) => a.kind));
  const lines = [
    '',
    ...flow([`Findings by severity: ${severities[0]}`, ...severities.slice(1)], width),
    ...flow([`Approval outcomes (${result.outcomes.length}): ${OUTCOME_ORDER[0]} ${outcomes.get(OUTCOME_ORDER[0]!) ?? 0}`, ...OUTCOME_ORDER.slice(1).map((o) => `${o} ${outcomes.get(o) ?? 0}`)], width),
    ...paragraph(
      `Planned actions: ${result.actions.length}${actionKinds.size ? ` (${[...actionKinds].map(([k, n]) => `${k} ×${n}`).join(', ')})` : ''}` +
        (result.actions.length ? ' — not applied (report mode)' : ''),
      width,
    ),
    `Exemptions: ${result.exemptions.length}`,
    ...result.exemptions.flatMap((e) =>
      paragraph(`  ${shown(parseArn(e.resource) ? shortName(e.resource) : e.resource)} (${shown(e.source)}): ${shown(oneLine(e.reason))}`, width, '    '),
    ),
  ];
  if (result.incomplete.length) {
    const warning = `WARNING: incomplete inventory — not read: ${result.incomplete.join(', ')}. Results in those areas are partial.`;
    lines.push(...paragraph(warning, width).map((l) => paint('\u001b[1;33m', l)));
  }
  if (!problems.length) lines.push('No problems found.');
  return lines;
}

/**
 * A human-readable report within `width` columns: findings worst first (severity, then type), one
 * section per severity and type; RECONCILED as one line (each with `showReconciled`); PENDING and
 * UNVERIFIED approvals listed; counts, planned actions and exemptions last. Cells wrap, rows never do.
 */
export function renderTable(result: ReconcileResult, opts: TableOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const width = opts.width ?? 80;
  const problems = result.findings.filter((f) => f.type !== 'RECONCILED');
  const reconciled = result.findings.filter((f) => f.type === 'RECONCILED');
  const header = [
    ...paragraph(`Tally access reconciliation — account ${shown(result.accountId)}`, width).map((l) => paint('\u001b[1m', l)),
    ...flow(
      [`Evaluated ${shown(result.evaluatedAt)}`, plural(problems.length, 'finding'), `${reconciled.length} reconciled`, plural(result.summary.approvals, 'approval'), plural(result.summary.principals, 'principal'), plural(result.summary.secrets, 'secret')],
      width,
    ),
  ];
  if (result.incomplete.length) {
    header.push(...paragraph(`WARNING: incomplete inventory — not read: ${result.incomplete.join(', ')}`, width).map((l) => paint('\u001b[1;33m', l)));
  }
  const body = problems.length ? ['', ...findingsTable(problems, paint, width)] : [];
  const lines = [...header, ...body, ...reconciledList(reconciled, paint, width, opts.showReconciled ?? false), ...waitingApprovals(result, paint, width), ...footer(result, problems, paint, width)];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
