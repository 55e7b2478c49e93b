import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RateLimitNotice } from "@/components/RateLimitNotice";

describe("RateLimitNotice", () => {
  it("says the visitor is rate limited and when to retry, not that the exchange is down", () => {
    render(<RateLimitNotice retryAfterSeconds={42} />);
    expect(screen.getByRole("alert").textContent).toContain("Too many requests");
    expect(screen.getByRole("alert").textContent).toContain("Try again in 42 seconds");
    expect(screen.queryByText(/not reachable/i)).toBeNull();
  });

  it("falls back to a minute when the API named no wait", () => {
    render(<RateLimitNotice retryAfterSeconds={null} />);
    expect(screen.getByRole("alert").textContent).toContain("Try again in a minute");
  });
});
