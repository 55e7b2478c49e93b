import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiKeysPanel } from "@/components/ApiKeysPanel";
import { RateLimitNotice } from "@/components/RateLimitNotice";
import { isRateLimited, orRateLimited } from "@/server/api-client";
import { createApiKeyAction, listApiKeysAction, revokeApiKeyAction } from "@/server/actions";
import { loadApiKeysPage } from "@/server/loaders";

export const metadata: Metadata = { title: "API keys" };

/** API key management; signed-out visitors are sent to sign in first. */
export default async function ApiKeysPage() {
  const keys = await orRateLimited(loadApiKeysPage());
  if (isRateLimited(keys)) return <RateLimitNotice retryAfterSeconds={keys.retryAfterSeconds} />;
  if (keys === null) redirect("/signin?next=/account/api-keys");
  return (
    <div className="page-narrow">
      <ApiKeysPanel initialKeys={keys} createKey={createApiKeyAction} revokeKey={revokeApiKeyAction} listKeys={listApiKeysAction} />
    </div>
  );
}
