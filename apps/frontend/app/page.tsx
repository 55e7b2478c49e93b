import { MarketsTable } from "@/components/MarketsTable";
import { loadMarketsPage } from "@/server/loaders";

/** Home: the markets list with last prices. */
export default async function MarketsPage() {
  const markets = await loadMarketsPage();
  return (
    <section className="panel page-narrow" aria-labelledby="markets-title">
      <h1 id="markets-title">Markets</h1>
      <MarketsTable markets={markets} />
    </section>
  );
}
