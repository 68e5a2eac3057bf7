/** Plain-text layout for the terminal: widths that ignore colour codes, word wrap, and a grid of wrapped cells. */

// eslint-disable-next-line no-control-regex -- the SGR sequences Tally itself paints with
const SGR = /\u001b\[[0-9;]*m/g;

/** Columns `s` takes on a terminal: its length without the colour codes Tally adds. */
export function visibleLength(s: string): number {
  return s.replace(SGR, '').length;
}

/**
 * `text` broken into lines of at most `width` characters, at spaces where it can, inside a word
 * where the word alone is longer (an ARN, a key id). Never returns an empty array.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((x) => x !== '')) {
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length <= w) {
      line += ` ${rest}`;
      continue;
    }
    if (line !== '') lines.push(line);
    while (rest.length > w) {
      const cut = breakAt(rest, w);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}

/**
 * A line of `parts` joined by `sep`, continued on further lines (indented by `indent`) rather than
 * passing `width`. Parts may carry colour codes; they are measured without them and never split
 * unless one alone is wider than the line.
 */
export function flow(parts: string[], width: number, sep = ' · ', indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const candidate = line === '' ? part : `${line}${sep}${part}`;
    if (line !== '' && visibleLength(candidate) > width) {
      lines.push(line.trimEnd());
      line = `${indent}${part}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines.flatMap((l) => (visibleLength(l) > width ? wrap(l.replace(SGR, ''), width) : [l]));
}

/** One column of a grid: its heading, and how it gives way when the line is too narrow. */
export interface Column {
  heading: string;
  /** Narrowest the column may become. */
  min: number;
  /** Widest it becomes, whatever its cells (longer cells wrap). */
  max?: number;
  /** A column with a weight grows and shrinks with the terminal, sharing the room by weight; others keep their width. */
  weight?: number;
}

/** A block of rows under an optional title line (already painted, shown as it is). */
export interface Section {
  title?: string;
  rows: string[][];
}

/**
 * Column widths for `rows` within `width` (gaps of `gap` between columns): every column as wide as
 * its widest cell (up to its `max`) when that fits; otherwise the weighted columns share what the
 * others leave by weight, none wider than it needs nor narrower than its `min`.
 */
export function columnWidths(columns: Column[], rows: string[][], width: number, gap: number): number[] {
  const natural = columns.map((c, i) => Math.min(c.max ?? Infinity, Math.max(c.heading.length, ...rows.map((r) => visibleLength(r[i] ?? '')))));
  const available = width - gap * (columns.length - 1);
  if (natural.reduce((a, b) => a + b, 0) <= available) return natural;
  const widths = [...natural];
  const flex = columns.flatMap((c, i) => (c.weight ? [i] : []));
  let room = available - columns.reduce((sum, c, i) => sum + (c.weight ? 0 : natural[i]!), 0);
  // Share by weight; a column that needs less than its share gives the rest to the others.
  let open = [...flex];
  while (open.length) {
    const weights = open.reduce((sum, i) => sum + columns[i]!.weight!, 0);
    const capped = open.filter((i) => natural[i]! <= Math.floor((room * columns[i]!.weight!) / weights));
    if (!capped.length) {
      for (const i of open) widths[i] = Math.max(columns[i]!.min, Math.floor((room * columns[i]!.weight!) / weights));
      break;
    }
    for (const i of capped) room -= natural[i]!;
    open = open.filter((i) => !capped.includes(i));
  }
  return widths;
}

/**
 * Sections of rows as lines under one heading row: each cell wrapped to its column, a row as tall as
 * its tallest cell, the same column widths in every section. Titles are printed as they are.
 */
export function grid(columns: Column[], sections: Section[], width: number, gap = 2): string[] {
  const widths = columnWidths(columns, sections.flatMap((s) => s.rows), width, gap);
  const space = ' '.repeat(gap);
  const render = (row: string[]): string[] => {
    const cells = row.map((cell, i) => (visibleLength(cell) <= widths[i]! ? [cell] : wrap(cell.replace(SGR, ''), widths[i]!)));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, l) => cells.map((c, i) => pad(c[l] ?? '', widths[i]!)).join(space).trimEnd());
  };
  const out = render(columns.map((c) => c.heading));
  for (const s of sections) {
    if (s.title !== undefined) out.push('', s.title);
    for (const row of s.rows) out.push(...render(row));
  }
  return out;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

/** Plain `text` as lines of at most `width`, the continuation lines indented by `indent`. */
export function paragraph(text: string, width: number, indent = '  '): string[] {
  const lead = /^ */.exec(text)![0];
  const [first, ...rest] = wrap(text.trimStart(), width - Math.max(indent.length, lead.length));
  return [`${lead}${first!}`, ...rest.map((l) => `${indent}${l}`)];
}

/** Where to cut a word longer than `w`: after the last `/`, `:`, `-` or `,` that leaves at least half the line, else at `w`. */
function breakAt(word: string, w: number): number {
  for (let i = w; i > w / 2; i -= 1) if ('/:-,'.includes(word[i - 1]!)) return i;
  return w;
}
