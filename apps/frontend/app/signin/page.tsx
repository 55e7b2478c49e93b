import type { Metadata } from "next";
import { AuthForm } from "@/components/AuthForm";
import { signInAction } from "@/server/actions";

export const metadata: Metadata = { title: "Sign in" };

/** Sign-in form; `next` is where to return afterwards. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <AuthForm mode="signin" action={signInAction} next={next ?? "/"} />;
}
