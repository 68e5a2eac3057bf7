import { describe, expect, it } from 'vitest';
import { findingControls, TYPE_CONTROLS } from '../../../lib/core/controls';
import { FINDING_TYPES } from '../../../lib/core/finding';
import { describeFinding, FINDING_TEXTS, remediationOf } from '../../../lib/core/finding-texts';
import { approvalSentence, thresholdSentence } from '../../../lib/core/finding-texts/common';
import pkg from '../../../package.json' with { type: 'json' };
import { FINDINGS_DOC_URL } from '../../../lib/core/finding-texts';

describe('finding texts', () => {
  it('has texts and controls for every finding type when the registry is complete', () => {
    for (const t of FINDING_TYPES) {
      expect(FINDING_TEXTS[t], t).toBeDefined();
      expect(TYPE_CONTROLS[t], t).toBeDefined();
    }
  });

  it('keeps every remediation within ASFF Remediation.Recommendation.Text (512) and says what to do in AWS and in the ticket', () => {
    for (const [type, variants] of Object.entries(FINDING_TEXTS)) {
      for (const [variant, v] of Object.entries(variants!)) {
        expect(v.remediation.length, `${type}/${variant}`).toBeLessThanOrEqual(512);
        expect(v.remediation, `${type}/${variant}`).toMatch(/[Ii]n AWS: .+ In the ticket: .+/);
        expect(remediationOf({ type: type as never, variant })).toBe(v.remediation);
      }
    }
  });

  it('gives an hour limit in hours and never says "within" for it when the threshold is named …Hours', () => {
    expect(thresholdSentence({ name: 'provisioningGraceHours', limitDays: 1, actualDays: 1, reference: 'r' })).toBe(
      'Threshold provisioningGraceHours: 24 h (r); time since approval: 1 day.',
    );
    expect(thresholdSentence({ name: 'accessKeyMaxAgeDays', limitDays: 90, actualDays: 90, reference: 'r' })).toBe('Threshold accessKeyMaxAgeDays: 90 days (r); key age: 90 days.');
    expect(thresholdSentence({ name: 'secretRotationDays', limitDays: 90, actualDays: 10, reference: 'r' })).toContain('10 days, within it.');
  });

  it('says expired or expires and revoked in the approval sentence when the approval says so', () => {
    const a = { key: 'k', ticketId: 'T-1', approvedBy: 'bo', approvedAt: '2026-01-01T00:00:00Z', status: 'approved', risk: 'privileged' } as const;
    expect(approvalSentence({ ...a, expiresAt: '2026-02-01T00:00:00Z' }, '2026-03-01T00:00:00Z')).toBe('Ticket T-1: approved by bo on 2026-01-01, expired 2026-02-01; privileged risk.');
    expect(approvalSentence({ ...a, expiresAt: '2026-05-01T00:00:00Z' }, '2026-03-01T00:00:00Z')).toContain(', expires 2026-05-01;');
    expect(approvalSentence({ ...a, status: 'revoked' }, '2026-03-01T00:00:00Z')).toContain('on 2026-01-01, since revoked;');
  });

  it('starts the description with the summary as a sentence when describing a finding', () => {
    const f = { id: 'x', type: 'UNUSED_ROLE', severity: 'LOW', title: 'T', summary: 'last used 2026-01-01', accountId: '1', resource: { type: 'AwsIamRole', id: 'arn', name: 'r' }, privileged: false, detectedAt: '2026-03-01T00:00:00Z' } as const;
    expect(describeFinding(f)).toBe('Last used 2026-01-01.');
  });

  it('maps CIS 1.13 to extra keys only when more than one key is active', () => {
    const base = { type: 'DRIFTED_ENTITLEMENT', variant: 'extra-keys' } as const;
    const ids = (n: number) => findingControls({ ...base, observed: { principal: 'p', kind: 'access-key', target: String(n), source: 'CredentialReport', detail: { activeKeys: n } } }).controls.map((c) => c.id);
    expect(ids(2)).toContain('1.13');
    expect(ids(1)).not.toContain('1.13');
  });

  it('gives SecretsManager.1 and .4 for a secret with rotation off and overdue, with the finding control as SecurityControlId', () => {
    const c = findingControls({ type: 'SECRET_NOT_ROTATED', variant: 'disabled-overdue', control: 'SecretsManager.4' });
    expect(c.securityControlId).toBe('SecretsManager.4');
    expect(c.controls.map((x) => x.id)).toEqual(['SecretsManager.4', 'SecretsManager.1', 'NHI7', 'PR.AA-01']);
  });

  it("links the docs under the package's homepage when building a doc URL", () => {
    expect(FINDINGS_DOC_URL.startsWith((pkg as { homepage: string }).homepage)).toBe(true);
  });
});

describe('docs/findings.md', () => {
  it('has a section per finding type listing every case and its controls when the docs are current', async () => {
    const { readFile } = await import('node:fs/promises');
    const { controlsOf } = await import('../../../lib/core/controls');
    const doc = await readFile(new URL('../../../docs/findings.md', import.meta.url), 'utf8');
    for (const t of FINDING_TYPES) {
      expect(doc, t).toContain(`\n### ${t}\n`);
      for (const [v, x] of Object.entries(FINDING_TEXTS[t] ?? {})) {
        const row = doc.split('\n').find((l) => l.startsWith(`| \`${v}\` | ${x.when} |`) && l.includes(x.remediation.replace(/\|/g, '\\|')));
        expect(row, `${t}/${v}`).toBeDefined();
        for (const c of controlsOf(t, v)) expect(row, `${t}/${v} ${c.id}`).toContain(c.id);
      }
    }
  });
});
