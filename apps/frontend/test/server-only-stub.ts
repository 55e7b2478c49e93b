// Stand-in for the "server-only" marker package under Vitest, which has no React Server environment.
export {};
