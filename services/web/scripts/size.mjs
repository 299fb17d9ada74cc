// The JavaScript a first visit loads (the entry script and what it imports statically, as
// dist/index.html names them), gzip-compressed; fails above the budget. Run after `vite build`.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const BUDGET_BYTES = 150 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((match) => match[1]);
let total = 0;
for (const script of scripts) {
  const size = gzipSync(readFileSync(join(dist, script)), { level: 9 }).length;
  total += size;
  console.log(`${script}: ${(size / 1024).toFixed(1)} KB gzip`);
}
console.log(`first load: ${(total / 1024).toFixed(1)} KB of gzip JavaScript (budget ${BUDGET_BYTES / 1024} KB)`);
if (scripts.length === 0 || total > BUDGET_BYTES) process.exit(1);
