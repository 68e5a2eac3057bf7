import { describe, expect, it } from 'vitest';
import type { Finding } from '../../lib/core/finding';
import { renderOcsf, toOcsf } from '../../lib/report/ocsf';
import { sampleFindings, sampleResult, NOW } from '../sinks/sample-findings';
import { ocsfComplianceFindingErrors } from './ocsf-schema';

const ctx = { region: 'eu-west-1' };

describe('renderOcsf', () => {
  const events = JSON.parse(renderOcsf(sampleResult(), ctx)) as Record<string, unknown>[];

  it('writes every finding as an OCSF 1.6 Compliance Finding that validates against the published schema when rendering', () => {
    expect(events).toHaveLength(sampleFindings().length);
    for (const e of events) expect(ocsfComplianceFindingErrors(e)).toEqual([]);
  });

  it('reports a schema error when an event breaks the published schema', () => {
    const [e] = events as [Record<string, unknown>];
    expect(ocsfComplianceFindingErrors({ ...e, severity_id: 9, bogus: 1, compliance: undefined })).toEqual(
      expect.arrayContaining(['$.severity_id: 9 not in its enum', '$.bogus: not an attribute here', '$.compliance: required']),
    );
  });

  it('fills the fields Security Hub and Prowler users read first when a finding has a control', () => {
    const stale = sampleFindings().find((f) => f.control === 'IAM.3')!;
    const e = toOcsf(stale, NOW, ctx) as Record<string, any>;
    expect(e).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      activity_id: 1,
      severity: stale.severity[0] + stale.severity.slice(1).toLowerCase(),
      status_id: 1,
      time: Date.parse(NOW),
      metadata: { version: '1.6.0', product: { name: 'Tally' } },
      finding_info: { uid: stale.id, types: expect.arrayContaining(['STALE_ACCESS_KEY']), first_seen_time: Date.parse(stale.detectedAt) },
      compliance: {
        status: 'Fail',
        status_id: 3,
        control: 'IAM.3',
        requirements: expect.arrayContaining(['AWS Security Hub/IAM.3', 'CIS AWS Foundations Benchmark v3.0.0/1.14', 'OWASP Non-Human Identities Top 10 2025/NHI7']),
        standards: expect.arrayContaining(['AWS Security Hub', 'CIS AWS Foundations Benchmark v3.0.0', 'NIST CSF 2.0']),
      },
      cloud: { provider: 'AWS', region: 'eu-west-1', account: { uid: '123456789012' } },
      remediation: { references: [expect.stringContaining('docs/findings.md#stale_access_key')] },
    });
    expect(e.resources[0].uid).toContain(':user/service/svc-billing-export');
  });

  it('marks reconciled findings as passed and resolved, exempt ones as suppressed, when mapping', () => {
    const all = sampleFindings();
    const reconciled = toOcsf(all.find((f) => f.type === 'RECONCILED')!, NOW, ctx) as Record<string, any>;
    expect([reconciled.status, reconciled.compliance.status]).toEqual(['Resolved', 'Pass']);
    const exempt = toOcsf(all.find((f) => f.exempt)!, NOW, ctx) as Record<string, any>;
    expect(exempt.status).toBe('Suppressed');
  });

  it('takes compliance from the mapper it is given when one is passed', () => {
    const f: Finding = sampleFindings().find((x) => x.type === 'UNAPPROVED_ENTITLEMENT')!;
    const e = toOcsf(f, NOW, { ...ctx, compliance: () => ({ control: 'AC-2', standards: ['NIST SP 800-53 Rev. 5'], requirements: ['AC-2'] }) }) as Record<string, any>;
    expect(e.compliance).toEqual({ status_id: 3, status: 'Fail', control: 'AC-2', requirements: ['AC-2'], standards: ['NIST SP 800-53 Rev. 5'] });
    expect(ocsfComplianceFindingErrors(e)).toEqual([]);
  });
});
