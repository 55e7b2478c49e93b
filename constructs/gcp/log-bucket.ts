import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";

export interface LogBucketProps {
  readonly projectId: string;
  readonly region: string;
  /** Globally unique bucket name. */
  readonly name: string;
  /** Days log chunks are kept; older objects are deleted. */
  readonly retentionDays: number;
  /** The one member (`serviceAccount:...`) that reads and writes objects (Loki). */
  readonly writer: string;
}

/** Loki's chunk and index store: private, uniform access, versioned, with a retention lifecycle. */
export class LogBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) throw new Error(`LogBucket: retentionDays must be a whole number >= 1, got ${props.retentionDays}`);
    this.bucket = new StorageBucket(this, "bucket", {
      project: props.projectId,
      name: props.name,
      location: props.region,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      // A deleted or overwritten chunk stays recoverable for a day.
      versioning: { enabled: true },
      lifecycleRule: [
        { action: { type: "Delete" }, condition: { age: props.retentionDays } },
        { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 1, withState: "ARCHIVED" } },
      ],
      forceDestroy: false,
    });
    new StorageBucketIamMember(this, "writer", { bucket: this.bucket.name, role: "roles/storage.objectAdmin", member: props.writer });
  }
}
