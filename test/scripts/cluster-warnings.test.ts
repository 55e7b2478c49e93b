import { recentWarnings, warningLines } from "../../scripts/lib/cluster-warnings";

const event = (name: string, at: string, reason: string, message: string, extra: Record<string, unknown> = {}) => ({
  metadata: { namespace: "loki" },
  involvedObject: { kind: "Pod", name },
  reason,
  message,
  count: 3,
  lastTimestamp: at,
  ...extra,
});

describe("prove: the cluster's warnings in a failed apply's notes", () => {
  it("keeps the latest events, oldest first, one line each with namespace, object, reason, count and message", () => {
    const list = {
      items: [
        event("loki-0", "2026-11-29T20:40:00Z", "FailedScheduling", "0/1 nodes are available:\n pod has unbound immediate PersistentVolumeClaims."),
        event("loki-canary-x", "2026-11-29T20:30:00Z", "BackOff", "old"),
        event("loki-1", "2026-11-29T20:45:00Z", "FailedMount", "volume not found", { count: undefined }),
      ],
    };
    expect(warningLines(list, 2)).toEqual([
      "loki Pod/loki-0 FailedScheduling (3): 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.",
      "loki Pod/loki-1 FailedMount (1): volume not found",
    ]);
  });

  it("orders events that carry only an eventTime among the others", () => {
    const list = { items: [event("a", "2026-11-29T20:50:00Z", "R", "late"), event("b", "", "R", "early", { lastTimestamp: null, eventTime: "2026-11-29T20:10:00.000000Z" })] };
    expect(warningLines(list, 5).map((l) => l.split(" ")[1])).toEqual(["Pod/b", "Pod/a"]);
  });

  it("asks for Warning events only, and says so when they cannot be listed", async () => {
    const calls: string[][] = [];
    const ok = await recentWarnings(async (args) => (calls.push(args), { code: 0, stdout: JSON.stringify({ items: [] }), stderr: "" }), 12);
    expect(ok).toEqual([]);
    expect(calls[0]).toEqual(["get", "events", "-A", "--field-selector", "type=Warning", "-o", "json"]);
    const failed = await recentWarnings(async () => ({ code: 1, stdout: "", stderr: "connection refused\n" }), 12);
    expect(failed).toEqual(["listing the cluster's warnings failed: connection refused"]);
  });
});
