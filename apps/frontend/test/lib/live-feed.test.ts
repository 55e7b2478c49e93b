import { describe, expect, it, vi } from "vitest";
import { LiveFeed, type FeedStatus } from "@/lib/live-feed";
import { socketRecorder } from "../fake-socket";

function setup() {
  const rec = socketRecorder();
  const statuses: FeedStatus[] = [];
  const messages: string[] = [];
  const opens: boolean[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const feed = new LiveFeed({
    url: "ws://api.test/ws",
    createSocket: rec.create,
    onOpenMessages: () => ["SUB"],
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    onOpen: (re) => opens.push(re),
    random: () => 0.5,
    timers: { set: (fn, ms) => timers.push({ fn, ms }), clear: vi.fn() },
  });
  return { rec, statuses, messages, opens, timers, feed };
}

describe("LiveFeed", () => {
  it("subscribes on open and passes messages through", () => {
    const { rec, statuses, messages, opens, feed } = setup();
    feed.start();
    rec.last().open();
    rec.last().receive("hello");
    expect(rec.last().url).toBe("ws://api.test/ws");
    expect(rec.last().sent).toEqual(["SUB"]);
    expect(statuses).toEqual(["connecting", "online"]);
    expect(messages).toEqual(["hello"]);
    expect(opens).toEqual([false]);
  });

  it("goes offline on a drop, retries with growing delays, and resubscribes as a reconnect", () => {
    const { rec, statuses, opens, timers, feed } = setup();
    feed.start();
    rec.last().open();
    rec.last().drop();
    expect(statuses.at(-1)).toBe("offline");
    expect(timers.map((t) => t.ms)).toEqual([375]);
    timers[0].fn();
    rec.last().drop();
    timers[1].fn();
    rec.last().drop();
    expect(timers.map((t) => t.ms)).toEqual([375, 750, 1500]);
    timers[2].fn();
    rec.last().open();
    expect(rec.sockets).toHaveLength(4);
    expect(rec.last().sent).toEqual(["SUB"]);
    expect(statuses.at(-1)).toBe("online");
    expect(opens).toEqual([false, true]);
  });

  it("caps the backoff delay", () => {
    const { feed } = setup();
    expect(feed.backoffDelay(20)).toBe(11250);
  });

  it("stops retrying and closes the socket on stop", () => {
    const { rec, timers, feed } = setup();
    feed.start();
    rec.last().open();
    const s = rec.last();
    feed.stop();
    expect(s.closedByClient).toBe(true);
    s.drop();
    expect(timers).toHaveLength(0);
    expect(feed.send("x")).toBe(false);
  });

  it("uses the global WebSocket when the factory option is passed as undefined", () => {
    const created: string[] = [];
    const Original = globalThis.WebSocket;
    globalThis.WebSocket = class {
      constructor(url: string) {
        created.push(url);
      }
      close() {}
    } as unknown as typeof WebSocket;
    try {
      const feed = new LiveFeed({
        url: "ws://x/ws",
        createSocket: undefined,
        onOpenMessages: () => [],
        onMessage: () => {},
        onStatus: () => {},
      });
      feed.start();
      feed.stop();
    } finally {
      globalThis.WebSocket = Original;
    }
    expect(created).toEqual(["ws://x/ws"]);
  });
});
