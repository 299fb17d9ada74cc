import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The typed client is generated from the committed schema, never edited by hand (npm run api:types).
// That the committed schema is task-api's own is checked by `npm run check:api` and by pytest.
it("is what openapi-typescript makes of openapi.json", () => {
  const fresh = join(mkdtempSync(join(tmpdir(), "schema-")), "schema.d.ts");
  execFileSync("npx", ["openapi-typescript", "openapi.json", "-o", fresh], { stdio: "ignore" });
  expect(readFileSync(fresh, "utf8") === readFileSync("src/api/schema.d.ts", "utf8")).toBe(true);
});
