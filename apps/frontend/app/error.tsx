"use client";

/** Shown when a page cannot load, typically because the API is unreachable. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="panel page-narrow" role="alert">
      <h1>The exchange is not reachable</h1>
      <p>We could not load this page. Check your connection; the exchange may be restarting.</p>
      <button type="button" className="btn btn-primary" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
