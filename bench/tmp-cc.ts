import { measureSweepCalls } from './sweep-calls';
async function main() {
const f = await measureSweepCalls(1000);
for (const r of f.runs) console.log(r.run, r.total, JSON.stringify(r.byAction));
}
void main();
