import "server-only";
import { ExchangeApi } from "./api-client";
import { loadServerConfig } from "./config";

/** The API client configured from the current environment. */
export function exchange(): ExchangeApi {
  return new ExchangeApi(loadServerConfig().apiUrl);
}
