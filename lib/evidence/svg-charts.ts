/** Inline SVG charts for the evidence report: no scripts, no fonts, no network; text escaped. */

/** Colours that stay apart for the common kinds of colour blindness (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/** Text safe inside HTML and SVG elements and attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** One line per series over shared x labels, with a legend; a single sample is drawn as dots. */
export function lineChart(title: string, labels: readonly string[], series: readonly { name: string; values: readonly number[] }[]): string {
  const w = 720;
  const h = 260;
  const pad = { l: 40, r: 12, t: 12, b: 28 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = labels.length;
  const x = (i: number) => pad.l + (n <= 1 ? (w - pad.l - pad.r) / 2 : (i * (w - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => h - pad.b - (v * (h - pad.t - pad.b)) / max;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const grid = ticks.map((v) => `<line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`).join('');
  const xl = n ? [0, n - 1].filter((v, i, a) => a.indexOf(v) === i).map((i) => `<text x="${x(i)}" y="${h - 8}" text-anchor="${i === 0 && n > 1 ? 'start' : 'end'}">${esc(labels[i] ?? '')}</text>`).join('') : '';
  const lines = series
    .map((s, k) => {
      const c = PALETTE[k % PALETTE.length];
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      const shape = n <= 1 ? s.values.map((v, i) => `<circle cx="${x(i)}" cy="${y(v)}" r="5" fill="${c}"/>`).join('') : `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(' ')}"/>`;
      return `<g><title>${esc(s.name)}</title>${shape}</g>`;
    })
    .join('');
  const legend = series.map((s, k) => `<span class="key"><i style="background:${PALETTE[k % PALETTE.length]}"></i>${esc(s.name)} (${fmt(s.values.at(-1) ?? 0)})</span>`).join(' ');
  return `<figure><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${grid}${xl}${lines}</svg><figcaption>${legend || 'no open findings in the period'}</figcaption></figure>`;
}

/** Horizontal bars, one per item, labelled with the value. */
export function barChart(title: string, items: readonly { label: string; value: number }[], unit = ''): string {
  const row = 26;
  const w = 720;
  const labelW = 260;
  const h = Math.max(1, items.length) * row + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const bars = items
    .map((it, k) => {
      const bw = ((w - labelW - 60) * it.value) / max;
      const yy = 4 + k * row;
      return `<text x="${labelW - 8}" y="${yy + 17}" text-anchor="end">${esc(it.label)}</text><rect x="${labelW}" y="${yy + 4}" width="${bw.toFixed(1)}" height="18" fill="${PALETTE[k % PALETTE.length]}"/><text x="${labelW + bw + 6}" y="${yy + 17}">${fmt(it.value)}${esc(unit)}</text>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${items.length ? bars : `<text x="8" y="20">none</text>`}</svg></figure>`;
}

/** A ring showing `part` of `whole`, with the percentage in the middle. */
export function shareRing(title: string, part: number, whole: number): string {
  const r = 52;
  const c = 2 * Math.PI * r;
  const share = whole ? part / whole : 0;
  const pct = whole ? `${Math.round(share * 100)}%` : 'n/a';
  return `<figure class="ring"><svg viewBox="0 0 140 140" width="140" height="140" role="img" aria-label="${esc(title)}: ${pct}"><title>${esc(title)}</title><circle cx="70" cy="70" r="${r}" fill="none" stroke="#e5e5e5" stroke-width="16"/><circle cx="70" cy="70" r="${r}" fill="none" stroke="${PALETTE[2]}" stroke-width="16" stroke-dasharray="${(share * c).toFixed(1)} ${c.toFixed(1)}" transform="rotate(-90 70 70)"/><text x="70" y="77" text-anchor="middle" class="big">${pct}</text></svg><figcaption>${esc(title)}: ${part} of ${whole}</figcaption></figure>`;
}
