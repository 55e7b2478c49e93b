import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Construct } from "constructs";

export interface ProjectServicesProps {
  readonly projectId: string;
  /** API names such as `container.googleapis.com`. */
  readonly services: readonly string[];
}

/**
 * Enables the Google APIs an environment uses. APIs stay enabled on destroy: disabling one would break
 * anything else in the project that uses it.
 */
export class ProjectServices extends Construct {
  /** The enabled services, for `dependsOn` of resources that need them. */
  readonly enabled: ProjectService[];

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    this.enabled = [...new Set(props.services)].sort().map(
      (service) =>
        new ProjectService(this, service.split(".")[0], {
          project: props.projectId,
          service,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
  }
}
