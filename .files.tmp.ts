import { readFileSync } from 'node:fs';
const [name, filter, n] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(`/tmp/bund/${name}.meta.json`, 'utf8'));
const o = Object.values(meta.outputs).find((x: any) => x.entryPoint) as any;
const rows = Object.entries(o.inputs).filter(([k]) => k.includes(filter ?? '')).map(([k, v]: any) => [k.replace(/.*node_modules\//, ''), v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
for (const [k, v] of rows.slice(0, Number(n ?? 40))) console.log(v, k);
