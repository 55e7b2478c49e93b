/**
 * The add-on part of the environment schema (`addons:` in an environment file): switches and overrides
 * of the in-cluster platform built by `constructs/addons/`. Kept apart from `schema.ts` so the add-on
 * layer owns its fields. Which add-ons run is derived from the rest of the config (target, ingress,
 * kafka, secrets, ...) and the target's capabilities; these fields only switch optional ones and tune.
 */
import { z } from "zod";

/** A Helm values object: plain JSON data. */
const helmValues = z.record(z.string(), z.unknown());

export const addonsSchema = z
  .strictObject({
    /** Argo CD for GitOps. @default false */
    argocd: z.strictObject({ enabled: z.boolean().default(false) }).default({ enabled: false }),
    /**
     * Run PostgreSQL (CloudNativePG) and Valkey in the cluster even where the target has managed ones.
     * Refused on the cloud targets for now: their infra stacks always create the managed database and
     * cache. Targets without managed data services (local) always run them in the cluster, whatever this
     * says. @default false
     */
    inClusterData: z.boolean().default(false),
    /**
     * Admin UIs through the gateway: Kafka UI and pgAdmin on `dns.hostnames.kafkaUi` / `.pgadmin` (Grafana
     * always runs). They have no login of their own, so only target "local" (gateway on 127.0.0.1) accepts
     * them. @default - true on target "local", false elsewhere
     */
    adminUis: z.boolean().optional(),
    /** Retention of the Kafka contract topics, in hours. @default 168 (7 days) */
    kafkaRetentionHours: z.number().int().min(1).max(8760).default(168),
    /** Prometheus metrics retention, in days. @default 15 */
    metricsRetentionDays: z.number().int().min(1).max(400).default(15),
    /**
     * Per-release Helm values deep-merged over ours, keyed by release name (e.g. `cert-manager`,
     * `istiod`, `loki`). A key that names no release of the environment stops synth.
     * @default {}
     */
    values: z.record(z.string().regex(/^[a-z0-9-]+$/, "a Helm release name"), helmValues).default({}),
  })
  .default({ argocd: { enabled: false }, inClusterData: false, kafkaRetentionHours: 168, metricsRetentionDays: 15, values: {} });

export type AddonsConfig = z.output<typeof addonsSchema>;
