/**
 * TEST TOOLING for `npm run prove`: the test cluster's latest Warning events, for the notes of a stack whose
 * apply failed. An atomic helm release that timed out is uninstalled with its pods; the warnings outlive it
 * and say why it never became ready (an unschedulable pod, an unbound claim, a refused object). Nothing in
 * the product uses this file.
 */

type Kubectl = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

interface WarningEvent {
  metadata?: { namespace?: string };
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
}

/** The `limit` latest Warning events of the cluster, one line each, or a line saying why they could not be listed. */
export async function recentWarnings(kubectl: Kubectl, limit: number): Promise<string[]> {
  const r = await kubectl(["get", "events", "-A", "--field-selector", "type=Warning", "-o", "json"]);
  if (r.code !== 0) return [`listing the cluster's warnings failed: ${r.stderr.trim()}`];
  return warningLines(JSON.parse(r.stdout) as { items?: WarningEvent[] }, limit);
}

/** The `limit` latest events of a list, oldest first: `namespace kind/name reason (count): message` (pure, for the tests). */
export function warningLines(list: { items?: WarningEvent[] }, limit: number): string[] {
  // RFC 3339 times in UTC sort as strings; events.k8s.io-style events carry eventTime instead.
  const when = (e: WarningEvent) => e.lastTimestamp ?? e.eventTime ?? "";
  return [...(list.items ?? [])]
    .sort((a, b) => when(a).localeCompare(when(b)))
    .slice(-limit)
    .map(
      (e) =>
        `${e.metadata?.namespace ?? "-"} ${e.involvedObject?.kind ?? "?"}/${e.involvedObject?.name ?? "?"} ${e.reason ?? "?"} (${e.count ?? 1}): ${(e.message ?? "").replace(/\s+/g, " ").trim()}`,
    );
}
