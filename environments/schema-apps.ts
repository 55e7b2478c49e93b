/**
 * The `apps` part of the environment schema: how the engine, API and frontend run in one environment.
 * The `<env>-apps` stack turns it into Helm values; every field here reaches a chart value.
 */
import { z } from "zod";

const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "an image tag (letters, digits, '.', '_', '-')")
  .refine((t) => t !== "latest", "a pinned tag; 'latest' is not reproducible");

const quantity = (what: string) =>
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Mi|Gi|Ki)?$/, `a Kubernetes ${what} quantity such as 500m or 512Mi`);

/** CPU in cores ("2", "1.5") or millicores ("500m"); the charts derive the CPU limit from it. */
const cpu = z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, "a Kubernetes CPU quantity such as 500m or 2");

/**
 * CPU request and memory request (= limit: memory is not overcommitted). The CPU limit is derived: equal
 * to the request for the engine (Guaranteed QoS), twice the request for the web tiers (see chart-values.ts).
 */
const resources = z.strictObject({ cpu, memory: quantity("memory") });

const image = {
  /** Image repository without tag, in the target's registry (ECR, Artifact Registry; a local name on k3d). */
  image: z.string().regex(/^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?$/, "an image repository such as registry.example.com/orderbook/api (no tag)"),
  tag: imageTag,
  resources,
};

/** Horizontal Pod Autoscaler on CPU; the HPA owns the replica count. */
const autoscaling = z.strictObject({
  minReplicas: z.number().int().min(1).max(50),
  maxReplicas: z.number().int().min(1).max(100),
  /** Average CPU utilization (of the request) the HPA aims at. */
  targetCpuPercent: z.number().int().min(10).max(100).default(70),
});

/** A stateless web tier: a fixed `replicas` count or `autoscaling`, exactly one of them. */
const webApp = z.strictObject({
  ...image,
  replicas: z.number().int().min(1).max(50).optional(),
  autoscaling: autoscaling.optional(),
});

const engineApp = z.strictObject({
  ...image,
  /** Engine pods, one per shard of symbols; each owns the input partitions the consumer group gives it. */
  replicas: z.number().int().min(1).max(64),
  /** Size of each engine pod's snapshot volume. */
  snapshotGiB: z.number().int().min(1).max(1000).default(10),
  /** StorageClass of the snapshot volumes; omitted: the cluster's default class. */
  storageClass: z.string().min(1).optional(),
});

export const appsSchema = z.strictObject({
  engine: engineApp,
  api: webApp,
  frontend: webApp,
  /** Enables the API's test-funds endpoint and the frontend's "Get test funds" button. */
  devDeposits: z.boolean().default(false),
});

export type AppsConfig = z.output<typeof appsSchema>;

/** What the apps rules read of an environment. */
interface AppsRuleInput {
  readonly tier: "dev" | "prod";
  readonly kafka: { readonly partitions: number };
  readonly apps: AppsConfig;
}

/** Cross-field rules of the apps section; each names the field it is about. */
export const appsRules: Array<(env: AppsRuleInput, ctx: z.RefinementCtx) => void> = [
  function webTiersHaveOneScalingMode(env, ctx) {
    for (const name of ["api", "frontend"] as const) {
      const app = env.apps[name];
      if ((app.replicas === undefined) === (app.autoscaling === undefined)) {
        ctx.addIssue({ code: "custom", path: ["apps", name], message: "needs exactly one of replicas (fixed) or autoscaling (the HPA owns the count)" });
      }
      if (app.autoscaling && app.autoscaling.minReplicas > app.autoscaling.maxReplicas) {
        ctx.addIssue({ code: "custom", path: ["apps", name, "autoscaling", "minReplicas"], message: `must not exceed maxReplicas (${app.autoscaling.maxReplicas})` });
      }
    }
  },
  function engineShardsFitPartitions(env, ctx) {
    if (env.apps.engine.replicas > env.kafka.partitions) {
      ctx.addIssue({
        code: "custom",
        path: ["apps", "engine", "replicas"],
        message: `must not exceed kafka.partitions (${env.kafka.partitions}): each engine pod owns at least one input partition`,
      });
    }
  },
  function productionAppsScaleAndStayClosed(env, ctx) {
    if (env.tier !== "prod") return;
    for (const name of ["api", "frontend"] as const) {
      const a = env.apps[name].autoscaling;
      if (!a || a.minReplicas < 3) {
        ctx.addIssue({ code: "custom", path: ["apps", name, "autoscaling", "minReplicas"], message: 'must be at least 3: a prod web tier autoscales from 3 replicas (required for tier "prod")' });
      }
    }
    if (env.apps.devDeposits) {
      ctx.addIssue({ code: "custom", path: ["apps", "devDeposits"], message: 'must be false: test funds are never offered in prod (required for tier "prod")' });
    }
  },
];
