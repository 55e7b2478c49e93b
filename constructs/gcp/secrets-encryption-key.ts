import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface SecretsEncryptionKeyProps {
  readonly naming: Naming;
  readonly projectId: string;
  /** The cluster's region; GKE requires the key in the cluster's location. */
  readonly region: string;
  /**
   * Days between automatic key rotations.
   * @default 90
   */
  readonly rotationDays?: number;
}

/**
 * The Cloud KMS key GKE envelope-encrypts Kubernetes Secrets with (application-layer secrets
 * encryption), granted to the project's GKE service agent only. Key rings cannot be deleted in GCP:
 * a destroy removes the key's versions after the scheduled-destruction delay and leaves the empty ring.
 */
export class SecretsEncryptionKey extends Construct {
  readonly key: KmsCryptoKey;
  /** The GKE service agent's grant; the cluster must wait for it. */
  readonly grant: KmsCryptoKeyIamMember;

  constructor(scope: Construct, id: string, props: SecretsEncryptionKeyProps) {
    super(scope, id);
    const rotationDays = props.rotationDays ?? 90;
    if (!Number.isInteger(rotationDays) || rotationDays < 1) throw new Error(`SecretsEncryptionKey: rotationDays must be a whole number >= 1, got ${rotationDays}`);
    const ring = new KmsKeyRing(this, "ring", { name: props.naming.name(["gke"]), project: props.projectId, location: props.region });
    this.key = new KmsCryptoKey(this, "key", {
      name: "gke-secrets",
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${rotationDays * 86400}s`,
    });
    const project = new DataGoogleProject(this, "project", { projectId: props.projectId });
    this.grant = new KmsCryptoKeyIamMember(this, "gke-agent", {
      cryptoKeyId: this.key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      // Google creates this agent when the Kubernetes Engine API is enabled.
      member: `serviceAccount:service-${project.number}@container-engine-robot.iam.gserviceaccount.com`,
    });
  }
}
