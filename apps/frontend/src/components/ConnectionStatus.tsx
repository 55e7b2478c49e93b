import type { FeedStatus } from "@/lib/live-feed";

const LABEL: Record<FeedStatus, string> = {
  connecting: "Connecting…",
  online: "Live",
  offline: "Offline — reconnecting; prices may be stale",
};

/** Tells the user whether live data is flowing; announced politely to screen readers when it changes. */
export function ConnectionStatus({ status }: { readonly status: FeedStatus }) {
  return (
    <p className={`conn conn-${status}`} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      {LABEL[status]}
    </p>
  );
}
