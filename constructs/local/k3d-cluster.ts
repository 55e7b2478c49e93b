import { DataResource, Token } from "cdktf";
import { Construct } from "constructs";
import type { ClusterAccess } from "../core/contracts";
import type { Naming } from "../core/naming";

/** A group of k3d agents, the local stand-in for a node pool. */
export interface K3dAgentGroup {
  readonly name: string;
  /** Number of agent containers in the group. */
  readonly count: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<{ key: string; value: string; effect: string }>;
}

export interface K3dClusterProps {
  readonly naming: Naming;
  /** Pinned k3s image, e.g. `rancher/k3s:v1.33.4-k3s1`. */
  readonly k3sImage: string;
  /** Docker network range for the cluster's containers. */
  readonly subnet: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  /** Host port, on 127.0.0.1 only, mapped to the load balancer's 80. */
  readonly httpPort: number;
  /** Host port, on 127.0.0.1 only, mapped to the load balancer's 443. */
  readonly httpsPort: number;
  /**
   * Host port of the Kubernetes API server, on 127.0.0.1 only.
   * @default 6550
   */
  readonly apiPort?: number;
  readonly agentGroups: readonly K3dAgentGroup[];
  /**
   * Kubeconfig k3d merges the cluster's context into.
   * @default "~/.kube/config"
   */
  readonly kubeconfigPath?: string;
}

const SHELL_SAFE = /^[A-Za-z0-9_./:=@,+-]+$/;

/** POSIX single-quoting; node selectors like `@server:*` must reach k3d unexpanded. */
export function shellQuote(arg: string): string {
  return SHELL_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The kubeconfig path as a shell word: `~/` becomes `"$HOME"/`, since the shell expands neither a quoted
 * tilde nor one inside an environment assignment.
 */
export function kubeconfigShellWord(path: string): string {
  return path.startsWith("~/") ? `"$HOME"/${shellQuote(path.slice(2))}` : shellQuote(path);
}

/**
 * A k3d cluster on the developer's machine, created and deleted by the k3d CLI (there is no maintained
 * k3d provider). Agents carry their pool's labels and taints, so the engine's dedicated pool behaves as
 * in the clouds. Any change of the arguments replaces the cluster.
 */
export class K3dCluster extends Construct {
  readonly resource: DataResource;
  readonly access: ClusterAccess;
  /** The k3d create command line, for docs and tests. */
  readonly createArgs: readonly string[];

  constructor(scope: Construct, id: string, props: K3dClusterProps) {
    super(scope, id);
    if (props.agentGroups.length === 0) throw new Error("K3dCluster: agentGroups must not be empty");
    const name = props.naming.name(["k3d"], 32);
    const kubeconfig = props.kubeconfigPath ?? "~/.kube/config";
    const agents = props.agentGroups.reduce((sum, g) => sum + g.count, 0);

    const args: string[] = [
      "cluster", "create", name,
      "--image", props.k3sImage,
      "--servers", "1",
      "--agents", String(agents),
      "--subnet", props.subnet,
      // Loopback only: the gateway and the API server of a developer's machine are not for the LAN.
      "--api-port", `127.0.0.1:${props.apiPort ?? 6550}`,
      "--port", `127.0.0.1:${props.httpPort}:80@loadbalancer`,
      "--port", `127.0.0.1:${props.httpsPort}:443@loadbalancer`,
      "--k3s-arg", `--cluster-cidr=${props.podsCidr}@server:*`,
      "--k3s-arg", `--service-cidr=${props.servicesCidr}@server:*`,
      // The platform installs its own Gateway API controller; k3s' bundled Traefik would fight it for :443.
      "--k3s-arg", "--disable=traefik@server:*",
      // Only agents run workloads, as on a cloud cluster.
      "--k3s-arg", "--node-taint=node-role.kubernetes.io/control-plane=true:NoSchedule@server:*",
    ];
    let index = 0;
    for (const group of props.agentGroups) {
      for (let i = 0; i < group.count; i++, index++) {
        args.push("--k3s-node-label", `orderbook.dev/node-pool=${group.name}@agent:${index}`);
        for (const [k, v] of Object.entries(group.labels)) args.push("--k3s-node-label", `${k}=${v}@agent:${index}`);
        for (const t of group.taints) args.push("--k3s-arg", `--node-taint=${t.key}=${t.value}:${t.effect}@agent:${index}`);
      }
    }
    args.push("--kubeconfig-update-default", "--kubeconfig-switch-context=false", "--wait", "--timeout", "300s");
    this.createArgs = args;

    // k3d merges the context into the file KUBECONFIG names (its "default" kubeconfig), so the configured
    // path is honoured by k3d as well as by the providers that read `access.kubeconfig`.
    const withKubeconfig = `KUBECONFIG=${kubeconfigShellWord(kubeconfig)}`;
    this.resource = new DataResource(this, "cluster", {
      input: { name, kubeconfig, context: `k3d-${name}`, deleteCommand: `${withKubeconfig} k3d cluster delete ${shellQuote(name)}` },
      triggersReplace: { args: args.join(" "), kubeconfig },
      provisioners: [
        { type: "local-exec", command: `${withKubeconfig} k3d ${args.map(shellQuote).join(" ")}` },
        // Destroy-time provisioners may only read `self`.
        { type: "local-exec", when: "destroy", command: "${self.input.deleteCommand}" },
      ],
    });

    this.access = {
      clusterName: Token.asString(this.resource.output.lookup("name")),
      kubeconfig: {
        path: Token.asString(this.resource.output.lookup("kubeconfig")),
        context: Token.asString(this.resource.output.lookup("context")),
      },
    };
  }
}
