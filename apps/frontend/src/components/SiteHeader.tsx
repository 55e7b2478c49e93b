import Link from "next/link";

/** Props of {@link SiteHeader}. */
export interface SiteHeaderProps {
  /** Email of the signed-in user, or null. */
  readonly user: string | null;
  readonly signOut: () => Promise<void>;
}

/** Top bar: brand, navigation and the session controls. */
export function SiteHeader({ user, signOut }: SiteHeaderProps) {
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Link href="/" className="brand">
        <span aria-hidden="true" className="brand-mark" />
        Orderbook
      </Link>
      <nav aria-label="Main" className="main-nav">
        <Link href="/">Markets</Link>
        {user ? <Link href="/account/api-keys">API keys</Link> : null}
      </nav>
      <div className="session">
        {user ? (
          <>
            <span className="muted user-email" title={user}>
              {user}
            </span>
            <form action={signOut}>
              <button type="submit" className="btn btn-ghost btn-small">
                Sign out
              </button>
            </form>
          </>
        ) : (
          <>
            <Link href="/signin" className="btn btn-ghost btn-small">
              Sign in
            </Link>
            <Link href="/signup" className="btn btn-primary btn-small">
              Sign up
            </Link>
          </>
        )}
      </div>
    </header>
  );
}
