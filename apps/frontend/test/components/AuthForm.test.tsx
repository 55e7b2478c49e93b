import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AuthForm } from "@/components/AuthForm";

describe("AuthForm", () => {
  it("posts email, password and the return path, and shows the error it gets back", async () => {
    const action = vi.fn(async (_prev: unknown, form: FormData) => ({
      error: `Email or password is wrong (${String(form.get("next"))})`,
      email: String(form.get("email")),
    }));
    render(<AuthForm mode="signin" action={action} next="/trade/BTC-USDT" />);
    await userEvent.type(screen.getByLabelText("Email"), "a@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "hunter22hunter");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Email or password is wrong (/trade/BTC-USDT)");
    const form = action.mock.calls[0][1];
    expect(form.get("email")).toBe("a@example.com");
    expect(form.get("password")).toBe("hunter22hunter");
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("a@example.com");
  });

  it("asks for a new password of at least 8 characters when signing up and links to sign-in", () => {
    render(<AuthForm mode="signup" action={vi.fn()} next="/" />);
    expect(screen.getByRole("heading", { name: "Create your account" })).toBeTruthy();
    const pw = screen.getByLabelText("Password");
    expect(pw.getAttribute("autocomplete")).toBe("new-password");
    expect(pw.getAttribute("minlength")).toBe("8");
    expect(screen.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/signin?next=%2F");
  });
});
