/**
 * Checks of rendered Kubernetes objects: does a workload's pod spec pass the namespace's Pod Security
 * level, does every container set resource requests, is every image pinned to a tag or digest.
 * A small subset of the Pod Security Standards (the fields charts get wrong), not a full admission check.
 */

type Obj = Record<string, any>;
type Level = "restricted" | "baseline" | "privileged";

/** The pod spec of a workload object, or undefined for non-workloads. */
export function podSpec(o: Obj): Obj | undefined {
  switch (o?.kind) {
    case "Pod":
      return o.spec;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return o.spec?.template?.spec;
    case "CronJob":
      return o.spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

/** Problems of one object in a namespace of the given level (empty when it passes). */
export function checkWorkload(o: Obj, level: Level): string[] {
  const spec = podSpec(o);
  if (!spec) return [];
  const name = `${o.kind}/${o.metadata?.name}`;
  const problems: string[] = [];
  const containers: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const pod = spec.securityContext ?? {};

  for (const c of containers) {
    const where = `${name} container ${c.name}`;
    const image = String(c.image ?? "");
    const tag = image.includes("@") ? "digest" : image.split("/").pop()!.split(":")[1];
    if (!tag || tag === "latest") problems.push(`${where}: image "${image}" is not pinned to a tag or digest`);
    const req = c.resources?.requests ?? {};
    if (!req.cpu && !req.memory) problems.push(`${where}: no resource requests`);
  }
  if (level === "privileged") return problems;

  // baseline
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push(`${name}: host namespaces are not allowed in "${level}"`);
  if ((spec.volumes ?? []).some((v: Obj) => v.hostPath)) problems.push(`${name}: hostPath volumes are not allowed in "${level}"`);
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push(`${name} container ${c.name}: privileged is not allowed in "${level}"`);
    const added: string[] = sc.capabilities?.add ?? [];
    const baselineCaps = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
    const allowed = level === "restricted" ? ["NET_BIND_SERVICE"] : baselineCaps;
    for (const cap of added) if (!allowed.includes(cap)) problems.push(`${name} container ${c.name}: capability ${cap} is not allowed in "${level}"`);
  }
  if (level === "baseline") return problems;

  // restricted
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `${name} container ${c.name}`;
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities must drop ALL`);
    if (!(sc.runAsNonRoot ?? pod.runAsNonRoot) || (sc.runAsUser ?? pod.runAsUser) === 0) problems.push(`${where}: must run as non-root (runAsNonRoot)`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`${where}: seccompProfile must be RuntimeDefault or Localhost`);
  }
  return problems;
}

/**
 * Keys whose content is a Kubernetes or application structure the chart passes through whole (a
 * securityContext, resources, annotations, Loki's and Istio's own config): present or commented out in
 * values.yaml, their sub-keys are not chart keys.
 */
const PASS_THROUGH = new Set([
  "resources", "securityContext", "podSecurityContext", "containerSecurityContext", "annotations", "labels",
  "nodeSelector", "tolerations", "affinity", "env", "extraArgs", "extraEnvs", "extraEnv",
  "limits_config", "storage", "meshConfig", "global", "config",
]);

/**
 * Paths in `ours` that the chart's default values do not know. A key under a default that is an empty map,
 * or a list, is free-form (the chart passes it through) and accepted; so are the PASS_THROUGH keys. Istio's charts keep their defaults
 * under `_internal_defaults_do_not_set`, which is looked through.
 */
export function unknownValuePaths(ours: unknown, defaults: unknown, prefix = ""): string[] {
  if (!isMap(ours)) return [];
  const d: Record<string, unknown> = isMap(defaults) ? { ...(defaults._internal_defaults_do_not_set as object), ...defaults } : {};
  const out: string[] = [];
  for (const [key, value] of Object.entries(ours)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (PASS_THROUGH.has(key)) continue;
    if (!(key in d)) {
      out.push(path);
      continue;
    }
    const def = d[key];
    if (isMap(def) && Object.keys(def).length > 0) out.push(...unknownValuePaths(value, def, path));
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
