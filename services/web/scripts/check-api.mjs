// Fails when the committed schema (openapi.json) or the generated client types
// (src/api/schema.d.ts) differ from what task-api produces now. Fix with `npm run api`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const web = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "check-api-"));
const run = (command, args) => execFileSync(command, args, { cwd: web, stdio: ["ignore", "ignore", "inherit"] });

run("uv", ["run", "--quiet", "python", "scripts/dump_openapi.py", join(scratch, "openapi.json")]);
run("npx", ["openapi-typescript", join(scratch, "openapi.json"), "-o", join(scratch, "schema.d.ts")]);
const drifted = [
  ["openapi.json", join(scratch, "openapi.json")],
  ["src/api/schema.d.ts", join(scratch, "schema.d.ts")],
].filter(([committed, fresh]) => readFileSync(join(web, committed), "utf8") !== readFileSync(fresh, "utf8"));
for (const [committed] of drifted) console.error(`${committed} differs from what task-api produces: run npm run api`);
if (drifted.length) process.exit(1);
console.log("openapi.json and src/api/schema.d.ts match task-api");
