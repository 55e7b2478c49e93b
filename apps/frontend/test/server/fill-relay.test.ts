import { describe, expect, it } from "vitest";
import { fillRelay, internalWsUrl } from "@/server/fill-relay";
import { socketRecorder } from "../fake-socket";


async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

describe("fillRelay", () => {
  it("authenticates with the session token, subscribes to fills and relays each as an SSE event", async () => {
    const rec = socketRecorder();
    const abort = new AbortController();
    const stream = fillRelay({ wsUrl: "ws://api/ws", token: "jwt-1", signal: abort.signal, createSocket: rec.create });
    const text = readAll(stream);
    const ws = rec.last();
    ws.open();
    expect(JSON.parse(ws.sent[0])).toEqual({ op: "auth", token: "jwt-1" });
    ws.receive({ type: "authenticated", userId: "u1" });
    expect(JSON.parse(ws.sent[1])).toEqual({ op: "subscribe", channel: "fills" });
    ws.receive({ type: "event", channel: "fills", key: "u1", data: { id: "BTC-USDT-1", side: "SELL", price: "30000" } });
    ws.receive({ type: "event", channel: "orders", key: "u1", data: { orderId: "o" } });
    ws.drop();
    expect(await text).toBe('retry: 3000\n\nevent: fill\ndata: {"id":"BTC-USDT-1","side":"SELL","price":"30000"}\n\n');
  });

  it("says the token expired and ends the stream", async () => {
    const rec = socketRecorder();
    const text = readAll(fillRelay({ wsUrl: "ws://api/ws", token: "old", signal: new AbortController().signal, createSocket: rec.create }));
    rec.last().open();
    rec.last().receive({ type: "error", code: "TOKEN_EXPIRED", message: "token expired" });
    expect(await text).toContain('event: expired\ndata: {"code":"TOKEN_EXPIRED"}');
    expect(rec.last().closedByClient).toBe(true);
  });

  it("closes the API socket when the browser goes away", async () => {
    const rec = socketRecorder();
    const abort = new AbortController();
    const text = readAll(fillRelay({ wsUrl: "ws://api/ws", token: "t", signal: abort.signal, createSocket: rec.create }));
    rec.last().open();
    abort.abort();
    await text;
    expect(rec.last().closedByClient).toBe(true);
  });
});

describe("internalWsUrl", () => {
  it("derives the WebSocket URL from API_URL, keeping a path prefix", () => {
    expect(internalWsUrl("https://api.internal:8443/exchange")).toBe("wss://api.internal:8443/exchange/ws");
    expect(internalWsUrl("http://127.0.0.1:3000")).toBe("ws://127.0.0.1:3000/ws");
  });
});
