import { readFileSync } from 'node:fs';
const [name, target] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(`/tmp/bund/${name}.meta.json`, 'utf8'));
// BFS from entry
const entry = Object.keys(meta.inputs).find((k) => k.startsWith('lambdas/'))!;
const prev = new Map<string, string>([[entry, '']]);
const q = [entry];
while (q.length) { const c = q.shift()!; for (const i of meta.inputs[c]?.imports ?? []) { if (!prev.has(i.path)) { prev.set(i.path, c); q.push(i.path); } } }
const hit = [...prev.keys()].find((k) => k.includes(target));
let c = hit; const chain = []; while (c) { chain.push(c); c = prev.get(c)!; }
console.log(chain.reverse().join('\n  -> '));
