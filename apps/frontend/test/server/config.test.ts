// @vitest-environment node
import { describe, expect, it } from "vitest";
import { loadServerConfig, publicConfig } from "@/server/config";

describe("loadServerConfig", () => {
  it("derives the browser's WebSocket URL from API_PUBLIC_URL, keeping TLS", () => {
    const c = loadServerConfig({ API_URL: "http://api.internal:3000", API_PUBLIC_URL: "https://api.example.com/" });
    expect(c.apiUrl).toBe("http://api.internal:3000");
    expect(publicConfig(c)).toEqual({ wsUrl: "wss://api.example.com/ws" });
  });

  it("falls back to API_URL and honours an explicit WebSocket URL", () => {
    expect(loadServerConfig({ API_URL: "http://127.0.0.1:4000" }).publicWsUrl).toBe("ws://127.0.0.1:4000/ws");
    expect(loadServerConfig({ API_URL: "http://a:1", API_PUBLIC_WS_URL: "wss://stream.example.com/ws" }).publicWsUrl).toBe(
      "wss://stream.example.com/ws"
    );
  });

  it("keeps secure cookies and dev deposits at their safe defaults", () => {
    const c = loadServerConfig({});
    expect([c.secureCookies, c.devDeposits]).toEqual([true, false]);
  });

  it("fails when a URL is not absolute, naming the variable", () => {
    expect(() => loadServerConfig({ API_URL: "api:3000" })).toThrow(/CONFIG_INVALID_URL: API_URL="api:3000"/);
    expect(() => loadServerConfig({ API_PUBLIC_WS_URL: "https://x/ws" })).toThrow(/API_PUBLIC_WS_URL/);
  });
});
