import "server-only";
import { headers } from "next/headers";
import { ExchangeApi } from "./api-client";
import { loadServerConfig } from "./config";

/** The API client configured from the current environment, forwarding the caller's address. */
export async function exchange(): Promise<ExchangeApi> {
  const h = await headers();
  return new ExchangeApi(loadServerConfig().apiUrl, h.get("x-forwarded-for"));
}
