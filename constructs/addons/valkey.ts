import type { AddonDefinition, ChartRef } from "./addon";
import { APP_NAMESPACE, resources } from "./addon";
import { sizing } from "./sizing";

export const VALKEY_CHARTS = {
  valkey: { repository: "https://valkey.io/valkey-helm", name: "valkey", version: "0.9.3" },
} as const satisfies Record<string, ChartRef>;

/** Valkey images per `cache.version`, pinned to a patch release. */
export const VALKEY_TAGS: Readonly<Record<string, string>> = { "8.0": "8.0.4", "8.1": "8.1.4", "9.0": "9.0.1" };

/** Valkey (upstream valkey-io chart, not Bitnami) where the cache is in the cluster. */
export const valkey: AddonDefinition = {
  id: "valkey",
  description: "Valkey from the valkey-io chart where the cache is in the cluster",
  enabled: ({ env, capabilities }) => !capabilities.managedCache || env.addons.inClusterData,
  spec: (ctx) => {
    const { env } = ctx;
    const c = env.cache;
    const tag = VALKEY_TAGS[c.version];
    if (c.engine !== "valkey") throw new Error(`valkey: cache.engine "${c.engine}" has no in-cluster option (the platform runs Valkey); set cache.engine to "valkey"`);
    if (!tag) throw new Error(`valkey: cache.version "${c.version}" has no pinned Valkey image; known: ${Object.keys(VALKEY_TAGS).join(", ")}`);
    const memoryMiB = Math.round(c.memoryGiB * 1024);
    const { cpu, memoryRequestShare } = sizing(ctx).valkey;
    const disk = `${Math.max(1, Math.ceil(c.memoryGiB * 2))}Gi`;
    return {
      namespace: { name: "valkey", podSecurity: "restricted" },
      releases: [
        {
          name: "valkey",
          chart: VALKEY_CHARTS.valkey,
          values: {
            image: { tag },
            // cache.memoryGiB is the limit; the profile decides how much of it is reserved.
            resources: resources(cpu, `${Math.round(memoryMiB * memoryRequestShare)}Mi`, `${memoryMiB}Mi`),
            dataStorage: { enabled: true, requestedSize: disk },
            replica: c.highAvailability ? { enabled: true, replicas: 2, persistence: { size: disk } } : { enabled: false },
          },
        },
      ],
      network: { ingressFromNamespaces: [APP_NAMESPACE] },
    };
  },
};
