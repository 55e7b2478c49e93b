export { chartVersionPinned } from "./chart-version-pinned";
export { controlPlaneNotPublic } from "./control-plane-not-public";
export { noOpenIngress } from "./no-open-ingress";
export { nodeMetadataProtected } from "./node-metadata-protected";
export { secretsEncrypted } from "./secrets-encrypted";
