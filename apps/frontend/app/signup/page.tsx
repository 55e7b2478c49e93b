import type { Metadata } from "next";
import { AuthForm } from "@/components/AuthForm";
import { signUpAction } from "@/server/actions";

export const metadata: Metadata = { title: "Create account" };

/** Sign-up form; `next` is where to return afterwards. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <AuthForm mode="signup" action={signUpAction} next={next ?? "/"} />;
}
