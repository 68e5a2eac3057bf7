import { describe, expect, it } from 'vitest';
import type { Finding } from '../../lib/core/finding';
import { renderHtml } from '../../lib/report/html';
import { sampleFindings, sampleResult } from '../sinks/sample-findings';

describe('renderHtml', () => {
  it('escapes every string from the data when rendering', () => {
    const [f] = sampleFindings() as [Finding];
    const hostile: Finding = { ...f, summary: '<script>alert(1)</script> & "x"', resource: { ...f.resource, name: '<img src=x onerror=alert(1)>' } };
    const html = renderHtml({ ...sampleResult([hostile]), accountId: '<b>1</b>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>1</b>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;');
  });

  it('is one standalone file that fetches nothing when rendering', () => {
    const html = renderHtml(sampleResult());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import|https?:\/\//i);
    expect(html).toContain("default-src 'none'");
    for (const f of sampleFindings()) expect(html).toContain(f.id);
  });

  it('lists findings worst first when rendering', () => {
    const html = renderHtml(sampleResult());
    const severities = [...html.matchAll(/<td class="([A-Z]+)">/g)].map((m) => m[1]);
    expect(severities[0]).toBe('CRITICAL');
    expect(severities.at(-1)).toBe('INFORMATIONAL');
  });
});
