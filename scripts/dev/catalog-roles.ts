// Creates the catalog's roles in the AWS emulator, so that Frontdesk's revocation deny policies
// have a role to land on in the demo and the tests. moto keeps every role in its default account
// whatever the ARN says, which is fine while role names are unique across the catalog.
import { CreateRoleCommand, EntityAlreadyExistsException, IAMClient } from "@aws-sdk/client-iam";
import type { Catalog } from "../../lib/catalog/schema";
import { parseRoleArn } from "../../lib/aws/iam";

// The trust policy the README asks for, with the emulator's account as Frontdesk's principal.
const TRUST_FRONTDESK = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      Condition: { Null: { "sts:SourceIdentity": "false" } },
    },
  ],
});

export async function createCatalogRoles(catalog: Pick<Catalog, "roles">, iamEndpoint: string): Promise<string[]> {
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint: iamEndpoint,
    // The emulator accepts any keys; these are never real.
    credentials: { accessKeyId: "AKIAMOTOSETUP0000000", secretAccessKey: "moto-setup-not-a-secret" },
  });
  const created: string[] = [];
  try {
    for (const role of catalog.roles) {
      const { roleName } = parseRoleArn(role.arn);
      const path = role.arn.slice(role.arn.indexOf(":role") + 5, role.arn.length - roleName.length) || "/";
      try {
        await iam.send(
          new CreateRoleCommand({ RoleName: roleName, Path: path, AssumeRolePolicyDocument: TRUST_FRONTDESK, MaxSessionDuration: role.maxSessionDuration }),
        );
        created.push(roleName);
      } catch (error) {
        if (!(error instanceof EntityAlreadyExistsException)) throw error;
      }
    }
  } finally {
    iam.destroy();
  }
  return created;
}
