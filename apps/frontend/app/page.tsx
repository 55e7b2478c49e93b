import { MarketsTable } from "@/components/MarketsTable";
import { RateLimitNotice } from "@/components/RateLimitNotice";
import { isRateLimited, orRateLimited } from "@/server/api-client";
import { loadMarketsPage } from "@/server/loaders";

/** Home: the markets list with last prices. */
export default async function MarketsPage() {
  const markets = await orRateLimited(loadMarketsPage());
  if (isRateLimited(markets)) return <RateLimitNotice retryAfterSeconds={markets.retryAfterSeconds} />;
  return (
    <section className="panel page-narrow" aria-labelledby="markets-title">
      <h1 id="markets-title">Markets</h1>
      <MarketsTable markets={markets} />
    </section>
  );
}
