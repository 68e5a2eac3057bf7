import { describe, expect, it } from 'vitest';
import { renderAsff } from '../../lib/report/asff';
import { AsffValidationError } from '../../lib/sinks/asff-schema';
import { sampleFindings, sampleResult } from '../sinks/sample-findings';

describe('renderAsff', () => {
  it('writes every finding as a JSON array, reconciled ones PASSED, when the result mixes types', () => {
    const result = sampleResult();
    const out = renderAsff(result, { region: 'eu-west-1' });
    const parsed = JSON.parse(out) as { Id: string; Compliance: { Status: string }; Severity: { Label: string } }[];
    expect(out.endsWith(']\n')).toBe(true);
    expect(parsed.map((f) => f.Id)).toEqual(result.findings.map((f) => f.id));
    const reconciled = parsed.find((f) => f.Id === result.findings.find((x) => x.type === 'RECONCILED')!.id)!;
    expect(reconciled.Compliance.Status).toBe('PASSED');
    expect(reconciled.Severity.Label).toBe('INFORMATIONAL');
  });

  it('throws naming the finding when one is not valid ASFF', () => {
    const bad = { ...sampleFindings()[0]!, accountId: 'not-an-account' };
    expect(() => renderAsff(sampleResult([bad]), { region: 'eu-west-1' })).toThrow(AsffValidationError);
    expect(() => renderAsff(sampleResult([bad]), { region: 'eu-west-1' })).toThrow(bad.id);
  });

  it('writes an empty array when there are no findings', () => {
    expect(renderAsff(sampleResult([]), { region: 'eu-west-1' })).toBe('[]\n');
  });
});
