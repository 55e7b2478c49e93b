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
  // Retry timers, without the idle watchdog's (which always uses idleMs, 20 s by default).
  const retries = () => timers.filter((t) => t.ms !== 20_000);
  return { rec, statuses, messages, opens, timers, retries, feed };
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
    const { rec, statuses, opens, retries, feed } = setup();
    feed.start();
    rec.last().open();
    rec.last().drop();
    expect(statuses.at(-1)).toBe("offline");
    expect(retries().map((t) => t.ms)).toEqual([375]);
    retries()[0].fn();
    rec.last().drop();
    retries()[1].fn();
    rec.last().drop();
    expect(retries().map((t) => t.ms)).toEqual([375, 750, 1500]);
    retries()[2].fn();
    rec.last().open();
    expect(rec.sockets).toHaveLength(4);
    expect(rec.last().sent).toEqual(["SUB"]);
    expect(statuses.at(-1)).toBe("online");
    expect(opens).toEqual([false, true]);
  });

  it("pings a quiet connection and replaces it when the ping goes unanswered", () => {
    const { rec, statuses, timers, feed } = setup();
    feed.start();
    const first = rec.last();
    first.open();
    const idle = () => timers.filter((t) => t.ms === 20_000).at(-1)!;
    idle().fn();
    expect(first.sent).toEqual(["SUB", '{"op":"ping"}']);
    idle().fn();
    expect(first.closedByClient).toBe(true);
    expect(statuses.at(-1)).toBe("offline");
    timers.at(-1)!.fn();
    expect(rec.sockets).toHaveLength(2);
  });

  it("keeps a connection that answers", () => {
    const { rec, timers, feed } = setup();
    feed.start();
    rec.last().open();
    timers.at(-1)!.fn();
    rec.last().receive('{"type":"pong"}');
    timers.at(-1)!.fn();
    expect(rec.last().sent).toEqual(["SUB", '{"op":"ping"}', '{"op":"ping"}']);
    expect(rec.last().closedByClient).toBe(false);
    expect(rec.sockets).toHaveLength(1);
  });

  it("caps the backoff delay", () => {
    const { feed } = setup();
    expect(feed.backoffDelay(20)).toBe(11250);
  });

  it("stops retrying and closes the socket on stop", () => {
    const { rec, retries, feed } = setup();
    feed.start();
    rec.last().open();
    const s = rec.last();
    feed.stop();
    expect(s.closedByClient).toBe(true);
    s.drop();
    expect(retries()).toHaveLength(0);
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
