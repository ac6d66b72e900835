// The first page's JavaScript, compressed: the entry chunk and the chunks it imports statically
// (what the browser loads before anything is shown), gzipped at level 9. Fails over the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = Number(process.env.KONFIG_CONSOLE_JS_BUDGET ?? 300 * 1024);
const out = 'target/classes/konfig-console';
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  (chunk.imports ?? []).forEach(visit);
};
visit(entry);
let total = 0;
for (const file of initial) {
  const size = gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}  ${(size / 1024).toFixed(1)} KB gzip`);
}
console.log(`first page JavaScript: ${(total / 1024).toFixed(1)} KB gzip (budget ${(BUDGET / 1024).toFixed(0)} KB)`);
if (total > BUDGET) {
  console.error('over the bundle budget');
  process.exit(1);
}
