/** Shown instead of a page when the API rate-limited this visitor: the exchange is up, the visitor is too fast. */
export function RateLimitNotice({ retryAfterSeconds }: { readonly retryAfterSeconds: number | null }) {
  const when =
    retryAfterSeconds === null
      ? "in a minute"
      : retryAfterSeconds <= 1
        ? "in a second"
        : `in ${retryAfterSeconds.toLocaleString("en-US")} seconds`;
  return (
    <section className="panel page-narrow" role="alert">
      <h1>Too many requests</h1>
      <p>You sent more requests than the exchange allows in a short time. Try again {when}.</p>
      <a className="btn btn-primary" href="">
        Reload
      </a>
    </section>
  );
}
