import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readLocalState } from "../../scripts/outputs";

describe("npm run outputs: local state", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outputs-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the environment_outputs value from the state file", () => {
    const file = path.join(dir, "with.tfstate");
    fs.writeFileSync(file, JSON.stringify({ version: 4, outputs: { environment_outputs: { value: { environment: "local", schemaVersion: "1" }, type: "object" } } }));
    expect(readLocalState("local", file)).toEqual({ environment: "local", schemaVersion: "1" });
  });

  it("fails when the stack has no state, saying what to deploy", () => {
    expect(() => readLocalState("local", path.join(dir, "missing.tfstate"))).toThrow(/local-apps has no state yet .*deploy it first: npx cdktf deploy local-infra local-platform local-apps/);
  });

  it("fails when the state has no environment_outputs output", () => {
    const file = path.join(dir, "without.tfstate");
    fs.writeFileSync(file, JSON.stringify({ version: 4, outputs: { apps_namespace: { value: "exchange", type: "string" } } }));
    expect(() => readLocalState("local", file)).toThrow(/local-apps state has no output "environment_outputs"/);
  });
});
