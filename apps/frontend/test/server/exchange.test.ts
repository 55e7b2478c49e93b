// @vitest-environment node
import { describe, expect, it } from "vitest";
import { clientAddress } from "@/server/exchange";

describe("clientAddress", () => {
  it("takes the address the trusted gateway appended, not one the browser made up", () => {
    // The browser sent "1.2.3.4"; the gateway appended the address it saw.
    expect(clientAddress("1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("counts two trusted hops from the right", () => {
    expect(clientAddress("1.2.3.4, 203.0.113.9, 10.0.0.5", 2)).toBe("203.0.113.9");
  });

  it("uses the socket address Next.js fills in when no proxy is in front", () => {
    expect(clientAddress("198.51.100.4", 1)).toBe("198.51.100.4");
  });

  it("forwards nothing when there is no address", () => {
    expect(clientAddress(null, 1)).toBeNull();
    expect(clientAddress(" , ", 1)).toBeNull();
  });
});
