import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readAwsResults, type ProveResult } from "../../scripts/lib/prove-result";

describe("readAwsResults (npm run prove -- --aws-infra-results FILE)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prove-result-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const row: ProveResult = { stack: "aws-dev-infra", applied: 111, apply: "ok", replan: "empty", drift: "detected", destroy: "ok", seconds: 299.5, notes: [] };

  it("returns the rows the background prove:aws wrote, by stack", () => {
    const file = path.join(dir, "ok.json");
    fs.writeFileSync(file, JSON.stringify([row, { ...row, stack: "aws-prod-infra", replan: "changes", notes: ["aws-prod-infra: aws_vpc.x: tags"] }]));
    const rows = readAwsResults(file);
    expect([...rows.keys()]).toEqual(["aws-dev-infra", "aws-prod-infra"]);
    expect(rows.get("aws-prod-infra")?.replan).toBe("changes");
    expect(rows.get("aws-prod-infra")?.notes).toEqual(["aws-prod-infra: aws_vpc.x: tags"]);
  });

  it("gives no rows when the background run wrote no file (each AWS row then fails)", () => {
    expect(readAwsResults(path.join(dir, "absent.json")).size).toBe(0);
  });

  it("refuses a file that is not a list of rows, naming the file", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ stack: "aws-dev-infra" }));
    expect(() => readAwsResults(file)).toThrow(/bad\.json is not a list of prove rows/);
    fs.writeFileSync(file, JSON.stringify([{ stack: "aws-dev-infra", seconds: "12" }]));
    expect(() => readAwsResults(file)).toThrow(/not a list of prove rows/);
  });
});
