import Link from "next/link";

/** Unknown market or page. */
export default function NotFound() {
  return (
    <section className="panel page-narrow">
      <h1>Not found</h1>
      <p>
        That market or page does not exist. <Link href="/">See all markets</Link>.
      </p>
    </section>
  );
}
