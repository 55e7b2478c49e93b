/**
 * The one schema every environment file is parsed with. Stacks read only the parsed, defaulted
 * `EnvironmentConfig`; they never branch on an environment's name, so every difference between
 * environments is a field here, and every rule that depends on a tier (dev/prod) is a schema rule.
 */
import { z } from "zod";
import { cidrsOverlap, isPrivateCidr, isValidCidr } from "../constructs/core/cidr";
import { addonsSchema } from "./schema-addons";
import { awsRules, awsSettings } from "./targets/aws";
import { gcpRules, gcpSettings } from "./schema-gcp";
import { appsRules, appsSchema } from "./schema-apps";
import { ciOnlyOnCloudTargets, ciSchema } from "./schema-bootstrap";

/** Lowercase DNS-label-ish name used inside physical resource names. */
const slug = (max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "lowercase letters, digits and '-', starting with a letter")
    .max(max);

/** GCP label / AWS tag compatible value: both clouds accept this subset. */
const labelValue = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lowercase letters, digits, '_' or '-', at most 63 characters");

const cidr = z.string().refine(isValidCidr, "an IPv4 CIDR such as 10.0.0.0/16");

/** A lowercase DNS name; `localhost` itself is one (the local domain, RFC 6761), checked per target by a rule. */
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|localhost)$/, "a lowercase DNS name such as api.example.com (or localhost)");

/** `localhost` and every name under it resolve to the loopback address without DNS or /etc/hosts (RFC 6761). */
export function isLocalhostName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost");
}

const taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().min(1),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});

const nodePool = z.strictObject({
  name: slug(30),
  /** What runs on the pool: `general` for everything, `engine` is dedicated to the matching engine. */
  role: z.enum(["general", "engine"]),
  /** Machine type: a GCE machine type, an EC2 instance type; ignored for k3d (agents share the host). */
  machineType: z.string().min(1),
  /** Minimum nodes of the pool in total across all its zones (GKE total_min_node_count, EKS minSize). */
  minNodes: z.number().int().min(0).max(100),
  /** Maximum nodes of the pool in total across all its zones (GKE total_max_node_count, EKS maxSize). */
  maxNodes: z.number().int().min(1).max(100),
  diskGiB: z.number().int().min(20).max(2000).default(50),
  spot: z.boolean().default(false),
  taints: z.array(taint).default([]),
  labels: z.record(z.string(), z.string()).default({}),
});

const database = z.strictObject({
  engine: z.enum(["postgres", "mysql"]).default("postgres"),
  version: z.string().regex(/^[0-9]+(\.[0-9]+)?$/, "a major (or major.minor) version such as 16"),
  /** Cloud SQL tier, RDS instance class, or in-cluster CPU request for CloudNativePG. */
  instanceSize: z.string().min(1),
  diskGiB: z.number().int().min(10).max(65536),
  highAvailability: z.boolean(),
  deletionProtection: z.boolean(),
  backups: z.strictObject({
    enabled: z.boolean(),
    retentionDays: z.number().int().min(1).max(35),
    pointInTimeRecovery: z.boolean(),
  }),
  readReplica: z.boolean().default(false),
});

const cache = z.strictObject({
  engine: z.enum(["redis", "valkey"]).default("valkey"),
  version: z.string().regex(/^[0-9]+(\.[0-9]+)?$/, "a version such as 7.2 or 8.0"),
  /** Memorystore memory, ElastiCache node type derived from it, or in-cluster memory limit. */
  memoryGiB: z.number().min(0.5).max(300),
  highAvailability: z.boolean(),
});

const kafka = z.strictObject({
  mode: z.enum(["strimzi", "managed"]),
  brokers: z.number().int().min(1).max(30),
  partitions: z.number().int().min(1).max(1000),
  replicationFactor: z.number().int().min(1).max(5),
  storageGiB: z.number().int().min(1).max(16384),
});

const backend = z.discriminatedUnion("backend", [
  z.strictObject({ backend: z.literal("local"), path: z.string().min(1) }),
  z.strictObject({ backend: z.literal("gcs"), bucket: z.string().min(3), prefix: z.string().min(1) }),
  z.strictObject({
    backend: z.literal("s3"),
    bucket: z.string().min(3),
    keyPrefix: z.string().min(1),
    region: z.string().min(1),
  }),
]);

const common = {
  /** Must equal the file name; it prefixes every stack (`<name>-infra`) and physical name. */
  name: slug(20),
  tier: z.enum(["dev", "prod"]),
  owner: labelValue,
  costCenter: labelValue,
  /** Extra labels/tags applied to every taggable resource, next to the standard ones. */
  labels: z.record(labelValue, labelValue).default({}),
  network: z.strictObject({
    /** Primary range of the VPC (cloud) or of the k3d docker network (local). */
    cidr,
    podsCidr: cidr,
    servicesCidr: cidr,
    /** GKE control-plane range (a /28); unused by EKS and k3d. */
    controlPlaneCidr: cidr.optional(),
    /** Availability zones to spread subnets and nodes over. */
    zoneCount: z.number().int().min(1).max(4).default(2),
  }),
  cluster: z.strictObject({
    kubernetesVersion: z.string().regex(/^1\.[0-9]{2}$/, "a minor version such as 1.33"),
    /** Private nodes and a private control-plane endpoint; opt out only for throwaway clusters. */
    privateEndpoint: z.boolean().default(true),
    /** Networks allowed to reach the control plane when it has a public endpoint. */
    authorizedNetworks: z.array(z.strictObject({ name: z.string().min(1), cidr })).default([]),
    /** Refuse to destroy the cluster from a plan. */
    deletionProtection: z.boolean().default(false),
    nodePools: z.array(nodePool).min(1),
  }),
  database,
  cache,
  kafka,
  secrets: z.strictObject({
    backend: z.enum(["kubernetes", "vault-dev", "gcp-secret-manager", "aws-secrets-manager"]),
  }),
  ingress: z.strictObject({ controller: z.enum(["istio", "nginx"]) }),
  dns: z.strictObject({
    domain: hostname,
    hostnames: z.strictObject({
      app: hostname,
      api: hostname,
      grafana: hostname,
      /** Kafka UI (an admin UI: only with `addons.adminUis`). @default - none */
      kafkaUi: hostname.optional(),
      /** pgAdmin (an admin UI: only with `addons.adminUis` and an in-cluster database). @default - none */
      pgadmin: hostname.optional(),
    }),
    tls: z.strictObject({
      issuer: z.enum(["self-signed", "letsencrypt-staging", "letsencrypt"]),
      email: z.email().optional(),
    }),
  }),
  observability: z.strictObject({
    logRetentionDays: z.number().int().min(1).max(400),
    prometheus: z.boolean().default(true),
  }),
  apps: appsSchema,
  /** CI identities the `<env>-bootstrap` stack creates (cloud targets only). */
  ci: ciSchema.optional(),
  state: backend,
  cost: z.strictObject({
    spotNodes: z.boolean().default(false),
    singleNatGateway: z.boolean().default(false),
  }),
  /** The in-cluster platform's switches and overrides (`environments/schema-addons.ts`). */
  addons: addonsSchema,
};

const gcpTarget = z.strictObject({
  target: z.literal("gcp"),
  gcp: gcpSettings,
  ...common,
});

const awsTarget = z.strictObject({
  target: z.literal("aws"),
  aws: awsSettings,
  ...common,
});

const localTarget = z.strictObject({
  target: z.literal("local"),
  local: z.strictObject({
    /** k3s image for the k3d nodes, pinned. */
    k3sImage: z.string().regex(/^[^:]+:v[0-9]+\.[0-9]+\.[0-9]+-k3s[0-9]+$/, "a pinned k3s image such as rancher/k3s:v1.33.4-k3s1"),
    /** Host port (bound to 127.0.0.1 only) the cluster's load balancer publishes HTTP (80) on. */
    httpPort: z.number().int().min(1024).max(65535).default(8080),
    /** Host port (bound to 127.0.0.1 only) the cluster's load balancer publishes HTTPS (443) on. */
    httpsPort: z.number().int().min(1024).max(65535).default(8443),
    /** Host port (bound to 127.0.0.1 only) of the Kubernetes API server. */
    apiPort: z.number().int().min(1024).max(65535).default(6550),
    /** Kubeconfig k3d writes the cluster's context into, and the providers read; `~/` is the user's home. */
    kubeconfigPath: z
      .string()
      .regex(/^(~\/)?[A-Za-z0-9_./-]+$/, "a file path of letters, digits, '_', '.', '/', '-' (optionally starting with ~/)")
      .default("~/.kube/config"),
  }),
  ...common,
});

type Ctx = z.RefinementCtx;
type Parsed = z.infer<typeof gcpTarget> | z.infer<typeof awsTarget> | z.infer<typeof localTarget>;

/**
 * Cross-field rules. Each is one small check that names the field it is about; tier rules are the
 * place where "production" is defined, so stacks never need to ask.
 */
const rules: Array<(env: Parsed, ctx: Ctx) => void> = [
  function networkRangesDoNotOverlap(env, ctx) {
    const ranges = Object.entries({
      cidr: env.network.cidr,
      podsCidr: env.network.podsCidr,
      servicesCidr: env.network.servicesCidr,
      controlPlaneCidr: env.network.controlPlaneCidr,
    }).filter((e): e is [string, string] => typeof e[1] === "string");
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        if (cidrsOverlap(ranges[i][1], ranges[j][1])) {
          ctx.addIssue({
            code: "custom",
            path: ["network", ranges[j][0]],
            message: `overlaps network.${ranges[i][0]} (${ranges[i][1]}); every network range must be disjoint`,
          });
        }
      }
    }
  },
  function gkeNeedsControlPlaneRange(env, ctx) {
    if (env.target === "gcp" && env.cluster.privateEndpoint && !env.network.controlPlaneCidr) {
      ctx.addIssue({ code: "custom", path: ["network", "controlPlaneCidr"], message: "is required for a private GKE cluster (a /28)" });
    }
    if (env.network.controlPlaneCidr && !env.network.controlPlaneCidr.endsWith("/28")) {
      ctx.addIssue({ code: "custom", path: ["network", "controlPlaneCidr"], message: "must be a /28 (GKE requirement)" });
    }
  },
  function privateEndpointAdmitsOnlyPrivateNetworks(env, ctx) {
    if (!env.cluster.privateEndpoint) return;
    env.cluster.authorizedNetworks.forEach((n, i) => {
      if (!isPrivateCidr(n.cidr)) {
        ctx.addIssue({
          code: "custom",
          path: ["cluster", "authorizedNetworks", i, "cidr"],
          message: "must be a private range (RFC 1918 or 100.64.0.0/10) while cluster.privateEndpoint is true: a private endpoint is reached only through the VPC, a VPN or an interconnect",
        });
      }
    });
  },
  function eksNeedsTwoZones(env, ctx) {
    if (env.target === "aws" && env.network.zoneCount < 2) {
      ctx.addIssue({ code: "custom", path: ["network", "zoneCount"], message: "must be at least 2: EKS requires subnets in two availability zones" });
    }
  },
  function awsTargetRules(env, ctx) {
    if (env.target === "aws") awsRules.forEach((rule) => rule(env, ctx));
  },
  function nodePoolsAreConsistent(env, ctx) {
    const seen = new Set<string>();
    env.cluster.nodePools.forEach((pool, i) => {
      if (seen.has(pool.name)) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "name"], message: `duplicates another node pool's name; names must be unique` });
      }
      seen.add(pool.name);
      if (pool.minNodes > pool.maxNodes) {
        ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "minNodes"], message: `must not exceed maxNodes (${pool.maxNodes})` });
      }
    });
    const engine = env.cluster.nodePools.filter((p) => p.role === "engine");
    if (engine.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["cluster", "nodePools"],
        message: `must contain exactly one pool with role "engine" (found ${engine.length}): the matching engine runs on a dedicated pool`,
      });
    } else if (!engine[0].taints.some((t) => t.effect === "NoSchedule")) {
      const i = env.cluster.nodePools.indexOf(engine[0]);
      ctx.addIssue({ code: "custom", path: ["cluster", "nodePools", i, "taints"], message: "the engine pool needs a NoSchedule taint so other workloads stay off it" });
    }
  },
  function hostnamesAreUniqueAndInDomain(env, ctx) {
    const seen = new Map<string, string>();
    for (const [key, host] of Object.entries(env.dns.hostnames)) {
      if (host === undefined) continue;
      if (seen.has(host)) {
        ctx.addIssue({ code: "custom", path: ["dns", "hostnames", key], message: `duplicates dns.hostnames.${seen.get(host)}; each service needs its own hostname` });
      }
      seen.set(host, key);
      if (host !== env.dns.domain && !host.endsWith(`.${env.dns.domain}`)) {
        ctx.addIssue({ code: "custom", path: ["dns", "hostnames", key], message: `must be inside dns.domain (${env.dns.domain})` });
      }
    }
  },
  function localhostNamesOnlyLocally(env, ctx) {
    if (env.target === "local") return;
    const names = Object.entries({ domain: env.dns.domain, ...Object.fromEntries(Object.entries(env.dns.hostnames).map(([k, v]) => [`hostnames.${k}`, v])) });
    for (const [key, name] of names) {
      if (name !== undefined && isLocalhostName(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["dns", ...key.split(".")],
          message: `is a localhost name (${name}), which resolves to 127.0.0.1 on every machine; target "${env.target}" needs a domain the environment owns`,
        });
      }
    }
  },
  function adminUisOnlyLocally(env, ctx) {
    if (!(env.addons.adminUis ?? env.target === "local")) return;
    if (env.target !== "local") {
      ctx.addIssue({
        code: "custom",
        path: ["addons", "adminUis"],
        message: `is only available on target "local": the Kafka UI and pgAdmin have no login of their own, so they run only behind a gateway bound to 127.0.0.1`,
      });
      return;
    }
    for (const key of ["kafkaUi", "pgadmin"] as const) {
      if (!env.dns.hostnames[key]) {
        ctx.addIssue({ code: "custom", path: ["dns", "hostnames", key], message: `is required while addons.adminUis is true (e.g. ${key === "kafkaUi" ? "kafka" : "pgadmin"}.${env.dns.domain})` });
      }
    }
  },
  function inClusterDataOnlyWithoutManagedServices(env, ctx) {
    if (!env.addons.inClusterData || env.target === "local") return;
    ctx.addIssue({
      code: "custom",
      path: ["addons", "inClusterData"],
      message: `is not available on target "${env.target}": its infra stack always creates the managed database and cache (${env.target === "aws" ? "RDS, ElastiCache" : "Cloud SQL, Memorystore"}), so in-cluster copies would run beside them unused; leave it false (target "local" always runs CloudNativePG and Valkey)`,
    });
  },
  function localPortsAreDistinct(env, ctx) {
    if (env.target !== "local") return;
    const ports = Object.entries({ httpPort: env.local.httpPort, httpsPort: env.local.httpsPort, apiPort: env.local.apiPort });
    ports.forEach(([key, port], i) => {
      const clash = ports.slice(0, i).find(([, other]) => other === port);
      if (clash) ctx.addIssue({ code: "custom", path: ["local", key], message: `is the same port as local.${clash[0]} (${port}); each needs its own host port` });
    });
  },
  function k3sImageMatchesKubernetesVersion(env, ctx) {
    if (env.target !== "local") return;
    const minor = /:v([0-9]+\.[0-9]+)\./.exec(env.local.k3sImage)?.[1];
    if (minor && minor !== env.cluster.kubernetesVersion) {
      ctx.addIssue({
        code: "custom",
        path: ["local", "k3sImage"],
        message: `runs Kubernetes ${minor}, but cluster.kubernetesVersion is ${env.cluster.kubernetesVersion}; pick a k3s image of the same minor`,
      });
    }
  },
  function letsEncryptNeedsEmail(env, ctx) {
    if (env.dns.tls.issuer !== "self-signed" && !env.dns.tls.email) {
      ctx.addIssue({ code: "custom", path: ["dns", "tls", "email"], message: `is required with issuer "${env.dns.tls.issuer}" (ACME account contact)` });
    }
  },
  function kafkaFitsBrokers(env, ctx) {
    if (env.kafka.replicationFactor > env.kafka.brokers) {
      ctx.addIssue({ code: "custom", path: ["kafka", "replicationFactor"], message: `must not exceed kafka.brokers (${env.kafka.brokers})` });
    }
  },
  function targetCompatibleChoices(env, ctx) {
    const allowed: Record<Parsed["target"], { secrets: string[]; state: string[]; kafka: string[] }> = {
      local: { secrets: ["kubernetes", "vault-dev"], state: ["local"], kafka: ["strimzi"] },
      // GCP's generated credentials (database, cache) live in Secret Manager, so the apps' store must too.
      gcp: { secrets: ["gcp-secret-manager"], state: ["gcs"], kafka: ["strimzi", "managed"] },
      // AWS's generated credentials (RDS master password, cache AUTH token, the API's keys) live in Secrets
      // Manager; the kubernetes backend would leave the apps without them (its own message below).
      aws: { secrets: ["aws-secrets-manager"], state: ["s3"], kafka: ["strimzi", "managed"] },
    };
    const a = allowed[env.target];
    if (env.target === "aws" && env.secrets.backend === "kubernetes") {
      ctx.addIssue({
        code: "custom",
        path: ["secrets", "backend"],
        message:
          'is not available on target "aws": the RDS password, the cache AUTH token and the API\'s keys are generated into AWS Secrets Manager by the infra stack, and a kubernetes store cannot read them; use "aws-secrets-manager"',
      });
    } else if (!a.secrets.includes(env.secrets.backend)) {
      ctx.addIssue({ code: "custom", path: ["secrets", "backend"], message: `is not available on target "${env.target}"; allowed: ${a.secrets.join(", ")}` });
    }
    if (!a.state.includes(env.state.backend)) {
      ctx.addIssue({ code: "custom", path: ["state", "backend"], message: `is not available on target "${env.target}"; allowed: ${a.state.join(", ")}` });
    }
    if (!a.kafka.includes(env.kafka.mode)) {
      ctx.addIssue({ code: "custom", path: ["kafka", "mode"], message: `is not available on target "${env.target}"; allowed: ${a.kafka.join(", ")}` });
    }
  },
  function s3StateInTheEnvironmentsRegion(env, ctx) {
    if (env.target === "aws" && env.state.backend === "s3" && env.state.region !== env.aws.region) {
      ctx.addIssue({ code: "custom", path: ["state", "region"], message: `must equal aws.region (${env.aws.region}) so state stays in the environment's region` });
    }
  },
  function productionIsProtected(env, ctx) {
    if (env.tier !== "prod") return;
    const need = (cond: boolean, path: (string | number)[], message: string) => {
      if (!cond) ctx.addIssue({ code: "custom", path, message: `${message} (required for tier "prod")` });
    };
    need(env.database.highAvailability, ["database", "highAvailability"], "must be true: a prod database is highly available");
    need(env.database.deletionProtection, ["database", "deletionProtection"], "must be true: a prod database cannot be deleted by a plan");
    need(env.database.backups.enabled, ["database", "backups", "enabled"], "must be true");
    need(env.database.backups.retentionDays >= 7, ["database", "backups", "retentionDays"], "must be at least 7");
    need(env.database.backups.pointInTimeRecovery, ["database", "backups", "pointInTimeRecovery"], "must be true");
    need(env.cache.highAvailability, ["cache", "highAvailability"], "must be true");
    need(env.kafka.replicationFactor >= 3, ["kafka", "replicationFactor"], "must be at least 3");
    need(env.cluster.privateEndpoint, ["cluster", "privateEndpoint"], "must be true");
    need(env.cluster.deletionProtection, ["cluster", "deletionProtection"], "must be true");
    need(env.dns.tls.issuer === "letsencrypt", ["dns", "tls", "issuer"], 'must be "letsencrypt"');
    need(!env.cost.singleNatGateway, ["cost", "singleNatGateway"], "must be false: one NAT gateway is a single point of failure");
    need(env.target !== "local", ["target"], 'must be a cloud target; "local" cannot be prod');
    need(env.secrets.backend !== "vault-dev", ["secrets", "backend"], 'must not be "vault-dev"');
    env.cluster.nodePools.forEach((pool, i) => {
      if (pool.role === "engine") need(!pool.spot, ["cluster", "nodePools", i, "spot"], "must be false for the engine pool: spot nodes are reclaimed");
    });
  },
  function gcpOnlyRules(env, ctx) {
    if (env.target !== "gcp") return;
    for (const rule of gcpRules) {
      for (const issue of rule(env)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    }
  },
];

/** The targets an environment can name. */
export const TARGETS = ["gcp", "aws", "local"] as const;

/** The schema of one environment file, after defaults: what stacks receive. */
export const environmentSchema = z
  .discriminatedUnion("target", [gcpTarget, awsTarget, localTarget])
  .superRefine((env, ctx) => [...rules, ...appsRules, ciOnlyOnCloudTargets].forEach((rule) => rule(env, ctx)))
  // Defaults that depend on the target are filled in here, once, so every reader sees a plain value.
  .transform((env) => ({ ...env, addons: { ...env.addons, adminUis: env.addons.adminUis ?? env.target === "local" } }));

/** What an environment file exports: defaults may be left out. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A parsed, validated environment with all defaults filled in. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type GcpEnvironment = Extract<EnvironmentConfig, { target: "gcp" }>;
export type AwsEnvironment = Extract<EnvironmentConfig, { target: "aws" }>;
export type LocalEnvironment = Extract<EnvironmentConfig, { target: "local" }>;
export type NodePoolConfig = EnvironmentConfig["cluster"]["nodePools"][number];

/** Identity helper so an environment file gets type checking and editor completion. */
export function defineEnvironment(env: EnvironmentInput): EnvironmentInput {
  return env;
}
