import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { Construct } from "constructs";
import type { GcpEnvironment } from "../../environments/schema";
import { GkeCluster } from "../../constructs/gcp/gke-cluster";
import { GcpNetwork } from "../../constructs/gcp/network";
import { ProjectServices } from "../../constructs/gcp/project-services";
import type { Naming } from "../../constructs/core/naming";
import { nodePoolSpecs, type InfraOutputs } from "./target";

/** APIs the GCP infra layer uses. */
const SERVICES = [
  "compute.googleapis.com",
  "container.googleapis.com",
  "iam.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
];

/** GCP: a custom VPC with Cloud NAT and a private GKE cluster. */
export function gcpInfra(scope: Construct, env: GcpEnvironment, naming: Naming): InfraOutputs {
  new GoogleProvider(scope, "google", { project: env.gcp.projectId, region: env.gcp.region });
  const services = new ProjectServices(scope, "services", { projectId: env.gcp.projectId, services: SERVICES });
  const network = new GcpNetwork(scope, "network", {
    naming,
    region: env.gcp.region,
    cidr: env.network.cidr,
    podsCidr: env.network.podsCidr,
    servicesCidr: env.network.servicesCidr,
  });
  const gke = new GkeCluster(scope, "gke", {
    naming,
    projectId: env.gcp.projectId,
    region: env.gcp.region,
    network,
    kubernetesVersion: env.cluster.kubernetesVersion,
    controlPlaneCidr: env.network.controlPlaneCidr,
    privateEndpoint: env.cluster.privateEndpoint,
    authorizedNetworks: env.cluster.authorizedNetworks,
    deletionProtection: env.cluster.deletionProtection,
    nodePools: nodePoolSpecs(env),
    dependsOn: services.enabled,
  });
  return { access: gke.access };
}
