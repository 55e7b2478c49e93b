import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { TerraformDataSource, TerraformResource, dependable } from "cdktf";
import { Construct } from "constructs";

/**
 * The Google APIs each resource type needs enabled before it can be created (or, for data sources,
 * read). Types are matched by longest prefix. A type missing here stops synth, so a new resource
 * cannot silently race its API on an empty project.
 */
export const APIS_BY_RESOURCE_TYPE: ReadonlyArray<readonly [prefix: string, apis: readonly string[]]> = [
  ["google_compute_", ["compute.googleapis.com"]],
  ["google_container_", ["container.googleapis.com", "logging.googleapis.com", "monitoring.googleapis.com"]],
  ["google_service_account", ["iam.googleapis.com"]],
  ["google_project_iam_custom_role", ["iam.googleapis.com"]],
  ["google_project_iam_", ["cloudresourcemanager.googleapis.com"]],
  ["google_project", ["cloudresourcemanager.googleapis.com"]],
  ["google_kms_", ["cloudkms.googleapis.com"]],
  ["google_service_networking_", ["servicenetworking.googleapis.com"]],
  ["google_sql_", ["sqladmin.googleapis.com"]],
  ["google_redis_", ["redis.googleapis.com"]],
  ["google_secret_manager_", ["secretmanager.googleapis.com"]],
  ["google_artifact_registry_", ["artifactregistry.googleapis.com"]],
  ["google_dns_", ["dns.googleapis.com"]],
  ["google_storage_", ["storage.googleapis.com"]],
  ["google_managed_kafka_", ["managedkafka.googleapis.com"]],
];

/** Types that need no API of their own: enablement itself, and the provider's view of its credentials. */
const NO_API = new Set(["google_project_service", "google_client_config"]);

/** The APIs one Terraform resource or data source type needs. */
export function apisFor(resourceType: string): readonly string[] {
  if (NO_API.has(resourceType)) return [];
  const match = APIS_BY_RESOURCE_TYPE.filter(([prefix]) => resourceType.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!match) throw new Error(`ApiEnablement: no API is known for ${resourceType}; add it to APIS_BY_RESOURCE_TYPE`);
  return match[1];
}

export interface ApiEnablementProps {
  readonly projectId: string;
  /** The constructs whose Google resources must wait for their APIs (usually the whole stack). */
  readonly scope: Construct;
}

/**
 * Enables exactly the APIs the Google resources under `scope` need, and makes each resource depend on
 * its APIs' enablement, so a first apply on an empty project never calls a disabled API. Create it
 * after every other construct of the scope. APIs stay enabled on destroy: disabling one would break
 * anything else in the project that uses it.
 */
export class ApiEnablement extends Construct {
  /** Enabled services by API name. */
  readonly services: ReadonlyMap<string, ProjectService>;

  constructor(scope: Construct, id: string, props: ApiEnablementProps) {
    super(scope, id);
    const elements = props.scope.node
      .findAll()
      .filter((c): c is TerraformResource | TerraformDataSource => TerraformResource.isTerraformResource(c) || c instanceof TerraformDataSource)
      .filter((c) => c.terraformResourceType.startsWith("google_"));
    const needed = [...new Set(elements.flatMap((e) => apisFor(e.terraformResourceType)))].sort();
    const services = new Map<string, ProjectService>();
    for (const api of needed) {
      services.set(
        api,
        new ProjectService(this, api.split(".")[0], {
          project: props.projectId,
          service: api,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
      );
    }
    for (const element of elements) {
      const deps = apisFor(element.terraformResourceType).map((api) => dependable(services.get(api)!));
      if (deps.length > 0) element.dependsOn = [...new Set([...(element.dependsOn ?? []), ...deps])];
    }
    this.services = services;
  }
}
