import "server-only";
import { cookies } from "next/headers";
import { loadServerConfig } from "./config";

const TOKEN_COOKIE = "ob_session";
const EMAIL_COOKIE = "ob_user";
/** Matches the API's default JWT lifetime; an expired token is answered 401 and the user signs in again. */
const MAX_AGE_SECONDS = 3600;

/** The signed-in user as the server sees it. */
export interface Session {
  readonly token: string;
  readonly email: string;
}

/** The current session, or null when signed out. The token never reaches browser JavaScript (httpOnly). */
export async function getSession(): Promise<Session | null> {
  const jar = await cookies();
  const token = jar.get(TOKEN_COOKIE)?.value;
  if (!token) return null;
  return { token, email: jar.get(EMAIL_COOKIE)?.value ?? "" };
}

/** Stores a new session after sign-in or sign-up. */
export async function startSession(token: string, email: string): Promise<void> {
  const jar = await cookies();
  const base = {
    httpOnly: true,
    // Lax keeps the cookie off cross-site POSTs (CSRF) while links from elsewhere still land signed in.
    sameSite: "lax" as const,
    secure: loadServerConfig().secureCookies,
    path: "/",
    maxAge: MAX_AGE_SECONDS,
  };
  jar.set(TOKEN_COOKIE, token, base);
  jar.set(EMAIL_COOKIE, email, base);
}

/** Forgets the session. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  jar.delete(TOKEN_COOKIE);
  jar.delete(EMAIL_COOKIE);
}
