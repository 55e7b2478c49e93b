/**
 * Pure functions `npm run prove` uses to point a synthesized Kubernetes-layer stack at the test control
 * plane, in a scratch copy (cdktf.out is never touched):
 *
 *  - a stand-in for the infra stack's state: every `terraform_remote_state` output the stack reads, with
 *    the test cluster's endpoint, CA and kubeconfig where the providers use them;
 *  - an override file (`zz_prove_override.tf.json`) that replaces only the state backend (local, in
 *    scratch), where the remote state is read from (the stand-in), and the part of the kubernetes/helm
 *    provider connection that cannot work offline (a cloud's exec auth plugin, a literal kubeconfig path);
 *  - pruning of helm releases whose chart cannot be had offline, and of everything that depends on them.
 */

/** The test control plane, as the stand-ins need it. */
export interface TestCluster {
  /** e.g. https://127.0.0.1:16443 */
  readonly server: string;
  /** PEM of the cluster CA. */
  readonly caPem: string;
  readonly kubeconfigPath: string;
  readonly context: string;
  /** Absolute path of an executable that prints an ExecCredential for the test cluster's admin. */
  readonly credentialCommand: string;
}

type Json = Record<string, any>;

const REMOTE_REF = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
/** A whole attribute that is one remote-state output, optionally inside base64decode(), with literal text around it. */
const SINGLE_REF = /^(.*)\$\{(base64decode\()?data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\)?\}(.*)$/s;

/** Every `remote state name -> output names` the stack reads. */
export function remoteStateOutputs(tf: Json): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const text = JSON.stringify({ ...tf, data: { ...(tf.data ?? {}), terraform_remote_state: undefined } });
  for (const m of text.matchAll(REMOTE_REF)) {
    if (!found.has(m[1])) found.set(m[1], new Set());
    found.get(m[1])!.add(m[2]);
  }
  for (const name of Object.keys(tf.data?.terraform_remote_state ?? {})) if (!found.has(name)) found.set(name, new Set());
  return found;
}

/** The provider configuration blocks of the kubernetes and helm providers, with where their connection lives. */
function clusterProviders(tf: Json): { type: "kubernetes" | "helm"; index: number; conn: Json }[] {
  const out: { type: "kubernetes" | "helm"; index: number; conn: Json }[] = [];
  for (const type of ["kubernetes", "helm"] as const) {
    const blocks = tf.provider?.[type];
    const list: Json[] = Array.isArray(blocks) ? blocks : blocks ? [blocks] : [];
    list.forEach((block, index) => {
      const conn = type === "helm" ? (Array.isArray(block.kubernetes) ? block.kubernetes[0] : block.kubernetes) : block;
      out.push({ type, index, conn: conn ?? {} });
    });
  }
  return out;
}

/**
 * The value a remote-state output must have so that `attribute = "<prefix>${[base64decode(]output[)]}<suffix>"`
 * evaluates to `wanted`. Throws when the literal text around the reference cannot produce it.
 */
function valueFor(template: string, wanted: string, caPem: string): { state: string; output: string; value: string } | undefined {
  const m = SINGLE_REF.exec(template);
  if (!m) return undefined;
  const [, prefix, b64, state, output, suffix] = m;
  const target = wanted === "<ca>" ? caPem : wanted;
  if (!target.startsWith(prefix) || !target.endsWith(suffix)) {
    throw new Error(`cannot stand in for ${state}.${output}: "${template}" cannot evaluate to "${target}"`);
  }
  const inner = target.slice(prefix.length, target.length - suffix.length);
  return { state, output, value: b64 ? Buffer.from(inner).toString("base64") : inner };
}

/** A stand-in output value: a string, or what the stack's use of the output needs (see `standInOutputs`). */
export type StandInValue = string | number | Record<string, string>;

/** The number an output used as a bare JSON value (a port inside Helm values) stands in as. */
export const STAND_IN_NUMBER = 1024;

export interface StandIn {
  /** remote state name -> (output name -> value) */
  readonly states: Map<string, Record<string, StandInValue>>;
  /** Outputs no provider uses, given a placeholder value (named in prove's notes). */
  readonly placeholders: readonly string[];
}

/**
 * The placeholder for output `name` of remote state `state`, typed by how the stack uses it: indexed with
 * `["key"]` -> a map of those keys; interpolated bare into JSON (`"port":${...}`, a number in Helm values) ->
 * STAND_IN_NUMBER; anything else -> the string `prove-stand-in:<output>`.
 */
function placeholderFor(text: string, state: string, name: string): StandInValue {
  const ref = `data\\.terraform_remote_state\\.${state}\\.outputs\\.${name}`;
  const keys = [...text.matchAll(new RegExp(`${ref}\\[\\\\"([^"\\\\]+)\\\\"\\]`, "g"))].map((m) => m[1]);
  if (keys.length > 0) return Object.fromEntries(keys.map((k) => [k, `prove-stand-in:${name}.${k}`]));
  if (new RegExp(`:\\$\\{${ref}\\}`).test(text)) return STAND_IN_NUMBER;
  return `prove-stand-in:${name}`;
}

/**
 * Values for every infra output the stack reads: the cluster connection where a provider uses the output,
 * a typed placeholder (`placeholderFor`) for anything else.
 */
export function standInOutputs(tf: Json, cluster: TestCluster): StandIn {
  const states = new Map<string, Record<string, StandInValue>>();
  const text = JSON.stringify(tf);
  for (const [state, outputs] of remoteStateOutputs(tf)) {
    states.set(state, {});
    for (const o of outputs) states.get(state)![o] = placeholderFor(text, state, o);
  }
  const known = new Set<string>();
  const wanted: Record<string, string> = {
    host: cluster.server,
    cluster_ca_certificate: "<ca>",
    config_path: cluster.kubeconfigPath,
    config_context: cluster.context,
  };
  for (const { conn } of clusterProviders(tf)) {
    for (const [attr, want] of Object.entries(wanted)) {
      if (typeof conn[attr] !== "string") continue;
      const v = valueFor(conn[attr], want, cluster.caPem);
      if (!v) continue;
      states.get(v.state)![v.output] = v.value;
      known.add(`${v.state}.${v.output}`);
    }
  }
  const placeholders: string[] = [];
  for (const [state, outputs] of states) for (const o of Object.keys(outputs)) if (!known.has(`${state}.${o}`)) placeholders.push(o);
  return { states, placeholders };
}

/** A Terraform state (format 4) holding only outputs, as the infra stack's state would. */
export function stateFileWithOutputs(outputs: Record<string, StandInValue>, terraformVersion: string): Json {
  const type = (v: StandInValue) => (typeof v === "string" ? "string" : typeof v === "number" ? "number" : ["map", "string"]);
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: "00000000-0000-4000-8000-000000000000",
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v, type: type(v) }])),
    resources: [],
    check_results: null,
  };
}

/**
 * The override file: the stack's own backend -> local file `statePath`; each `terraform_remote_state` ->
 * the stand-in state file `standInPath(name)`; each kubernetes/helm provider's exec plugin (cloud auth)
 * -> `cluster.credentialCommand`; a literal kubeconfig path/context -> the test kubeconfig. Host and CA
 * stay as synthesized (they evaluate from the stand-in state).
 */
export function proveOverride(tf: Json, cluster: TestCluster, statePath: string, standInPath: (state: string) => string): Json {
  const override: Json = { terraform: { backend: { local: { path: statePath } } } };
  const remote = Object.keys(tf.data?.terraform_remote_state ?? {});
  if (remote.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(remote.map((name) => [name, { backend: "local", config: { path: standInPath(name) } }])),
    };
  }
  const providers: Json = {};
  for (const { type, index, conn } of clusterProviders(tf)) {
    const original = (Array.isArray(tf.provider[type]) ? tf.provider[type][index] : tf.provider[type]) as Json;
    const connection: Json = {};
    if (conn.exec) {
      const exec = Array.isArray(conn.exec) ? conn.exec[0] : conn.exec;
      const replaced = { api_version: exec.api_version, command: cluster.credentialCommand, args: [] as string[] };
      connection.exec = type === "kubernetes" ? [replaced] : replaced;
    }
    // A GKE DNS endpoint carries no CA: its certificate is publicly trusted. The test cluster's is not.
    if (typeof conn.host === "string" && conn.cluster_ca_certificate === undefined) connection.cluster_ca_certificate = cluster.caPem;
    for (const [attr, value] of [["config_path", cluster.kubeconfigPath], ["config_context", cluster.context]] as const) {
      if (typeof conn[attr] === "string" && !SINGLE_REF.test(conn[attr])) connection[attr] = value;
    }
    if (!conn.exec && !conn.config_path && !conn.host) {
      throw new Error(`provider ${type}${original.alias ? `.${original.alias}` : ""} has no connection prove can point at the test cluster`);
    }
    if (Object.keys(connection).length === 0) continue;
    const block: Json = type === "kubernetes" ? connection : { kubernetes: { ...conn, ...connection } };
    if (original.alias) block.alias = original.alias;
    (providers[type] ??= []).push(block);
  }
  if (Object.keys(providers).length > 0) override.provider = providers;
  return override;
}

/** A helm_release of the stack. */
export interface HelmRelease {
  /** `helm_release.<name>` */
  readonly address: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
}

export function helmReleases(tf: Json): HelmRelease[] {
  return Object.entries((tf.resource?.helm_release ?? {}) as Record<string, Json>).map(([name, r]) => ({
    address: `helm_release.${name}`,
    chart: String(r.chart),
    repository: r.repository === undefined ? undefined : String(r.repository),
    version: r.version === undefined ? undefined : String(r.version),
  }));
}

/**
 * Removes the given resources and, transitively, every resource, data source and output that refers to
 * one of them (by expression or depends_on). Returns the new JSON and every removed address.
 */
export function pruneResources(tf: Json, addresses: readonly string[]): { tf: Json; removed: string[] } {
  const copy = JSON.parse(JSON.stringify(tf)) as Json;
  const removed = new Set<string>();
  const queue = [...addresses];
  const refersTo = (body: unknown, address: string) => {
    const text = JSON.stringify(body);
    const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}([^A-Za-z0-9_-]|$)`).test(text);
  };
  while (queue.length > 0) {
    const address = queue.shift()!;
    if (removed.has(address)) continue;
    const [first, ...rest] = address.split(".");
    const [type, name] = first === "data" ? [rest[0], rest[1]] : [first, rest[0]];
    const section = first === "data" ? copy.data : copy.resource;
    if (section?.[type]?.[name] === undefined) continue;
    delete section[type][name];
    if (Object.keys(section[type]).length === 0) delete section[type];
    removed.add(address);
    for (const [kind, sec] of [["resource", copy.resource], ["data", copy.data]] as const) {
      for (const [t, byName] of Object.entries((sec ?? {}) as Record<string, Json>)) {
        for (const [n, body] of Object.entries(byName)) {
          const addr = kind === "data" ? `data.${t}.${n}` : `${t}.${n}`;
          if (!removed.has(addr) && refersTo(body, address)) queue.push(addr);
        }
      }
    }
    for (const [n, body] of Object.entries((copy.output ?? {}) as Record<string, Json>)) {
      if (refersTo(body, address)) {
        delete copy.output[n];
        removed.add(`output.${n}`);
      }
    }
  }
  return { tf: copy, removed: [...removed] };
}

/**
 * Replaces `address` in every resource's `depends_on` by what it depends on, so its dependents no longer wait
 * for it but still for everything before it (prove uses
 * this for a release it cannot install whose CRDs it installed from the operator's own artifact instead).
 * Dependents that refer to it in an expression still do; returns the addresses whose depends_on changed.
 */
export function dropDependsOn(tf: Json, address: string): string[] {
  const changed: string[] = [];
  // What it waited for, its dependents now wait for themselves (order stays transitive).
  const [type0, name0] = address.split(".");
  const inherited: string[] = tf.resource?.[type0]?.[name0]?.depends_on ?? [];
  for (const [type, byName] of Object.entries((tf.resource ?? {}) as Record<string, Json>)) {
    for (const [name, body] of Object.entries(byName)) {
      if (!Array.isArray(body.depends_on) || !body.depends_on.includes(address)) continue;
      body.depends_on = [...new Set([...body.depends_on.filter((d: string) => d !== address), ...inherited])];
      if (body.depends_on.length === 0) delete body.depends_on;
      changed.push(`${type}.${name}`);
    }
  }
  return changed;
}

/** What prove appends to every app image tag to make an upgrade (a valid tag suffix). */
export const UPGRADE_TAG_SUFFIX = "-prove-upgrade";

/**
 * Turns the stack into its next release, as a deploy of new app images does: every helm release whose
 * values set `image.tag` gets that tag with {@link UPGRADE_TAG_SUFFIX}, so `terraform apply` upgrades it
 * (and the API chart's pre-upgrade migration Job runs). Values are edited as text: a value may hold a bare
 * `${...}` expression, which is not JSON. Returns the addresses changed; mutates `tf`.
 */
export function upgradeImageTags(tf: Json): string[] {
  const changed: string[] = [];
  for (const [name, body] of Object.entries((tf.resource?.helm_release ?? {}) as Record<string, Json>)) {
    if (!Array.isArray(body.values)) continue;
    let touched = false;
    body.values = body.values.map((v: unknown) =>
      typeof v !== "string"
        ? v
        : v.replace(/("image"\s*:\s*\{[^{}]*?"tag"\s*:\s*")([^"]+)(")/g, (_m, head: string, tag: string, tail: string) => {
            touched = true;
            return `${head}${tag}${UPGRADE_TAG_SUFFIX}${tail}`;
          }),
    );
    if (touched) changed.push(`helm_release.${name}`);
  }
  return changed;
}
