#!/usr/bin/env node
/**
 * `npm run size`: gzipped JavaScript of the production build against the budgets.
 * First screen = the scripts index.html loads; all = every .js file in dist
 * (lazy chunks and the service worker included). Exits 1 over budget.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const KB = 1000;
const BUDGETS = { firstScreen: 100 * KB, all: 200 * KB };
const dist = path.resolve(__dirname, '../dist');

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

function listJs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJs(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('client/dist/index.html is missing: run `npm run build` first.');
  process.exit(1);
}
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+\.js)"/g)].map((match) => path.join(dist, match[1])));
const files = listJs(dist).map((file) => ({ file, gz: gzipSize(file), raw: fs.statSync(file).size, initial: initial.has(file) }));
const firstScreen = files.filter((f) => f.initial).reduce((sum, f) => sum + f.gz, 0);
const all = files.reduce((sum, f) => sum + f.gz, 0);

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
for (const f of files.sort((a, b) => b.gz - a.gz)) {
  console.log(
    `${f.initial ? 'first screen' : 'lazy/sw     '}  ${kb(f.gz).padStart(9)} gzip  ${kb(f.raw).padStart(9)} raw  ${path.relative(dist, f.file)}`,
  );
}
console.log(`first-screen JS: ${kb(firstScreen)} gzip (budget ${kb(BUDGETS.firstScreen)})`);
console.log(`all JS:          ${kb(all)} gzip (budget ${kb(BUDGETS.all)})`);
const over = [];
if (initial.size === 0) over.push('index.html loads no script: the report cannot tell the first screen');
if (firstScreen > BUDGETS.firstScreen) over.push(`first-screen JS is ${kb(firstScreen - BUDGETS.firstScreen)} over budget`);
if (all > BUDGETS.all) over.push(`all JS is ${kb(all - BUDGETS.all)} over budget`);
if (over.length > 0) {
  console.error(`OVER BUDGET: ${over.join('; ')}`);
  process.exit(1);
}
console.log('within budget');
