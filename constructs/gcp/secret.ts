import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import { Construct } from "constructs";

export interface GcpSecretProps {
  readonly projectId: string;
  /** Secret id, unique in the project; the name apps' ExternalSecrets refer to. */
  readonly secretId: string;
  /** Region the payload is stored in (user-managed replication keeps data in the environment's region). */
  readonly region: string;
  /**
   * The value, sent as a write-only argument: it never enters Terraform state or plan output.
   * @default - no version; something else writes the value
   */
  readonly value?: string;
  /**
   * Bump to write `value` again (write-only values are sent only when this changes).
   * @default 1
   */
  readonly valueVersion?: number;
  /** IAM members (`serviceAccount:...`) allowed to read the payload; nobody else is granted access here. */
  readonly readers: readonly string[];
}

/** One Secret Manager secret, its value (write-only) and the only identities that may read it. */
export class GcpSecret extends Construct {
  readonly secret: SecretManagerSecret;
  readonly version?: SecretManagerSecretVersion;

  constructor(scope: Construct, id: string, props: GcpSecretProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.secretId)) {
      throw new Error(`GcpSecret: secretId must be 1-255 letters, digits, '_' or '-', got "${props.secretId}"`);
    }
    this.secret = new SecretManagerSecret(this, "secret", {
      project: props.projectId,
      secretId: props.secretId,
      replication: { userManaged: { replicas: [{ location: props.region }] } },
    });
    if (props.value !== undefined) {
      this.version = new SecretManagerSecretVersion(this, "version", {
        secret: this.secret.id,
        secretDataWo: props.value,
        secretDataWoVersion: props.valueVersion ?? 1,
      });
    }
    props.readers.forEach(
      (member, i) =>
        new SecretManagerSecretIamMember(this, `reader-${i}`, {
          project: props.projectId,
          secretId: this.secret.secretId,
          role: "roles/secretmanager.secretAccessor",
          member,
        }),
    );
  }
}
