/**
 * ElastiCache node types the aws target sizes caches with, smallest first, with their memory in GiB
 * (AWS "Supported node types"). Graviton (t4g/m7g/r7g) types: cheapest per GiB, all support Valkey and Redis 7.
 */
export const CACHE_NODE_TYPES: ReadonlyArray<{ readonly nodeType: string; readonly memoryGiB: number }> = [
  { nodeType: "cache.t4g.micro", memoryGiB: 0.5 },
  { nodeType: "cache.t4g.small", memoryGiB: 1.37 },
  { nodeType: "cache.t4g.medium", memoryGiB: 3.09 },
  { nodeType: "cache.m7g.large", memoryGiB: 6.38 },
  { nodeType: "cache.m7g.xlarge", memoryGiB: 12.93 },
  { nodeType: "cache.r7g.xlarge", memoryGiB: 26.32 },
  { nodeType: "cache.r7g.2xlarge", memoryGiB: 52.82 },
  { nodeType: "cache.r7g.4xlarge", memoryGiB: 105.81 },
  { nodeType: "cache.r7g.8xlarge", memoryGiB: 209.55 },
  { nodeType: "cache.r7g.12xlarge", memoryGiB: 317.77 },
];

/** The smallest node type with at least `memoryGiB`, or undefined when none is big enough. */
export function cacheNodeType(memoryGiB: number): string | undefined {
  return CACHE_NODE_TYPES.find((t) => t.memoryGiB >= memoryGiB)?.nodeType;
}

/** Engine versions ElastiCache offers that the aws target accepts, per engine, and their parameter family. */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<"valkey" | "redis", Readonly<Record<string, string>>>> = {
  valkey: { "7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8" },
  redis: { "7.0": "redis7", "7.1": "redis7" },
};
