import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { Construct } from "constructs";

export interface ArtifactRegistryProps {
  readonly projectId: string;
  readonly region: string;
  /** Repository id; images are `<region>-docker.pkg.dev/<project>/<id>/<image>`. */
  readonly repositoryId: string;
  /**
   * Most recent versions of each image kept whatever their age.
   * @default 20
   */
  readonly keepRecent?: number;
  /**
   * Days after which untagged images are deleted.
   * @default 7
   */
  readonly untaggedDays?: number;
}

/** A Docker repository for the apps' images: tags immutable, untagged layers cleaned up. */
export class ArtifactRegistry extends Construct {
  readonly repository: ArtifactRegistryRepository;
  /** Registry URL for image names. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ArtifactRegistryProps) {
    super(scope, id);
    const keep = props.keepRecent ?? 20;
    const untaggedDays = props.untaggedDays ?? 7;
    if (keep < 1) throw new Error(`ArtifactRegistry: keepRecent must be at least 1, got ${keep}`);
    this.repository = new ArtifactRegistryRepository(this, "repository", {
      project: props.projectId,
      location: props.region,
      repositoryId: props.repositoryId,
      format: "DOCKER",
      description: "Images of the engine, API and frontend",
      // Environments pin tags; a re-pushed tag would change what a pinned deploy runs.
      dockerConfig: { immutableTags: true },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: keep } },
        { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${untaggedDays * 86400}s` } },
      ],
    });
    this.url = `${props.region}-docker.pkg.dev/${props.projectId}/${props.repositoryId}`;
  }
}
