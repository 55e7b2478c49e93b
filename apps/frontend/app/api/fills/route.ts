import { loadServerConfig } from "@/server/config";
import { fillRelay, internalWsUrl } from "@/server/fill-relay";
import { getSession } from "@/server/session";

/** Never cached or prerendered: every request is one user's live stream. */
export const dynamic = "force-dynamic";

/** The signed-in user's fills as Server-Sent Events (see src/server/fill-relay.ts); 401 when signed out. */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return Response.json({ code: "SIGNED_OUT", message: "Sign in to receive your fills" }, { status: 401 });
  const stream = fillRelay({ wsUrl: internalWsUrl(loadServerConfig().apiUrl), token: session.token, signal: request.signal });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
