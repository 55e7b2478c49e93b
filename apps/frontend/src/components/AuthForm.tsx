"use client";
import Link from "next/link";
import { useActionState, useId } from "react";
import type { AuthFormState } from "@/lib/types";

/** Props of {@link AuthForm}. */
export interface AuthFormProps {
  readonly mode: "signin" | "signup";
  readonly action: (prev: AuthFormState, form: FormData) => Promise<AuthFormState>;
  /** Same-site path to return to afterwards. */
  readonly next: string;
}

/** Sign-in and sign-up form; works without JavaScript too (a plain form post to a server action). */
export function AuthForm({ mode, action, next }: AuthFormProps) {
  const id = useId();
  const [state, formAction, pending] = useActionState(action, { error: null, email: "" });
  const signup = mode === "signup";
  const title = signup ? "Create your account" : "Sign in";
  return (
    <section className="panel auth-card" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <form action={formAction} className="auth-form">
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} name="email" type="email" autoComplete="email" required defaultValue={state.email} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete={signup ? "new-password" : "current-password"}
            required
            minLength={signup ? 8 : undefined}
            aria-describedby={signup ? `${id}-pw-hint` : undefined}
          />
          {signup ? (
            <p id={`${id}-pw-hint`} className="hint">
              At least 8 characters
            </p>
          ) : null}
        </div>
        {state.error ? (
          <p className="field-error" role="alert">
            {state.error}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
          {pending ? "Please wait…" : signup ? "Create account" : "Sign in"}
        </button>
      </form>
      <p className="muted auth-switch">
        {signup ? "Have an account? " : "New here? "}
        <Link href={`${signup ? "/signin" : "/signup"}?next=${encodeURIComponent(next)}`}>{signup ? "Sign in" : "Create an account"}</Link>
      </p>
    </section>
  );
}
