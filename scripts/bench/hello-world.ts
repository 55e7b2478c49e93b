/**
 * The peer of `npm run bench:synth`: a hello-world cdktf program written the way the `cdktf init`
 * TypeScript template and the provider READMEs do it, with root imports of the provider packages and
 * one resource each. Not part of the product.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { provider as aws, vpc } from "@cdktf/provider-aws";
import { provider as google, computeNetwork } from "@cdktf/provider-google";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new aws.AwsProvider(this, "aws", { region: "us-east-1" });
    new vpc.Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
    new google.GoogleProvider(this, "google", { project: "hello-world-123", region: "us-central1" });
    new computeNetwork.ComputeNetwork(this, "network", { name: "hello", autoCreateSubnetworks: false });
  }
}

const app = new App();
new MyStack(app, "hello-world");
app.synth();
