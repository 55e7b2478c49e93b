import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/SiteHeader";
import { signOutAction } from "@/server/actions";
import { currentUser } from "@/server/loaders";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Orderbook exchange", template: "%s · Orderbook" },
  description: "Spot trading with a live order book.",
};

export const viewport: Viewport = {
  themeColor: "#0b0e13",
  colorScheme: "dark",
  width: "device-width",
  initialScale: 1,
};

/** Shell of every page: header with the session controls, then the page. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <SiteHeader user={user} signOut={signOutAction} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
