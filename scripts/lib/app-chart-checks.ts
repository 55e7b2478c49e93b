/**
 * The contract every rendered object of our app charts keeps (docs/app-teams.md), checked by
 * `npm run lint:charts` on every render: the restricted Pod Security profile (scripts/lib/pod-checks.ts)
 * plus what that profile leaves open and our charts promise: a read-only root filesystem, a uid and gid
 * above 10000 on every container, CPU and memory requests and limits, no service-account token, and
 * the release's namespace on every object. trivy's KSV checks overlap; these stay on even where a trivy
 * finding is accepted, and they name our own contract rather than a generic rule.
 */
import { checkWorkload, podSpec } from "./pod-checks";

type Obj = Record<string, any>;

/** Kinds our charts render that have no namespace. */
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass", "CustomResourceDefinition"]);

/** uids and gids up to this value may collide with users of the node (trivy KSV-0020/0021 use the same bound). */
export const MAX_HOST_ID = 10000;

/** Problems of one rendered object of an app chart installed into `namespace` (empty when it keeps the contract). */
export function appObjectProblems(o: Obj, namespace: string): string[] {
  const name = `${o.kind}/${o.metadata?.name}`;
  const problems: string[] = [];
  if (!CLUSTER_SCOPED.has(o.kind) && o.metadata?.namespace !== namespace) {
    problems.push(`${name}: metadata.namespace is ${JSON.stringify(o.metadata?.namespace ?? null)}, expected "${namespace}" (set it explicitly from .Release.Namespace)`);
  }
  const spec = podSpec(o);
  if (!spec) return problems;
  problems.push(...checkWorkload(o, "restricted"));
  if (spec.automountServiceAccountToken !== false) problems.push(`${name}: automountServiceAccountToken must be false (the apps never call the Kubernetes API)`);
  const pod = spec.securityContext ?? {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[]) {
    const where = `${name} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
    for (const field of ["runAsUser", "runAsGroup"] as const) {
      const id = sc[field] ?? pod[field];
      if (!(typeof id === "number" && id > MAX_HOST_ID)) problems.push(`${where}: ${field} must be above ${MAX_HOST_ID} (the image's own user), got ${id ?? "none"}`);
    }
    for (const kind of ["requests", "limits"] as const) {
      for (const resource of ["cpu", "memory"]) {
        if (!c.resources?.[kind]?.[resource]) problems.push(`${where}: resources.${kind}.${resource} is not set`);
      }
    }
  }
  return problems;
}

/** Problems of every object of one render. */
export function appChartProblems(objects: Obj[], namespace: string): string[] {
  return objects.flatMap((o) => appObjectProblems(o, namespace));
}

/** The user an image runs as. */
export interface ImageUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The numeric `USER uid:gid` of a Dockerfile's last stage. A name, a missing group or no USER at all is an
 * error: runAsNonRoot can only verify a numeric user, and the chart must run the image as that same user.
 */
export function dockerfileUser(dockerfile: string): ImageUser {
  const stages = dockerfile.split(/^FROM\s/im);
  const users = [...stages[stages.length - 1].matchAll(/^USER\s+(\S+)\s*$/gim)].map((m) => m[1]);
  const last = users[users.length - 1];
  const m = last === undefined ? null : /^([0-9]+):([0-9]+)$/.exec(last);
  if (!m) throw new Error(`the last stage's USER is ${last === undefined ? "missing" : `"${last}"`}; it must be numeric uid:gid (e.g. USER 10001:10001)`);
  return { uid: Number(m[1]), gid: Number(m[2]) };
}

/** Containers of a render that would not run as the image's own user. */
export function imageUserProblems(objects: Obj[], user: ImageUser): string[] {
  return objects.flatMap((o) => {
    const spec = podSpec(o);
    if (!spec) return [];
    const pod = spec.securityContext ?? {};
    return ([...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[]).flatMap((c) => {
      const uid = c.securityContext?.runAsUser ?? pod.runAsUser;
      const gid = c.securityContext?.runAsGroup ?? pod.runAsGroup;
      return uid === user.uid && gid === user.gid
        ? []
        : [`${o.kind}/${o.metadata?.name} container ${c.name}: runs as ${uid ?? "?"}:${gid ?? "?"}, but the image's Dockerfile sets USER ${user.uid}:${user.gid}`];
    });
  });
}
