import path from "node:path";
import type { NextConfig } from "next";

/**
 * One image serves every environment: nothing environment-specific is inlined at build time.
 * The API's URLs are read by the server at request time (see src/server/config.ts).
 */
const nextConfig: NextConfig = {
  output: "standalone",
  // The workspace root owns node_modules; tracing from there keeps the standalone bundle complete.
  outputFileTracingRoot: path.join(__dirname, "../.."),
  turbopack: { root: path.join(__dirname, "../..") },
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
