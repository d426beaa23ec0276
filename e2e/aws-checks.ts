// What IAM holds, read straight from moto, for the specs that check revocation at AWS.
import { GetRolePolicyCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { REVOCATION_POLICY_NAME } from "../lib/access/revocation-policy";
import { E2E_MOTO_URL } from "./ports";

/** The role's revocation policy as IAM holds it, or null when it has none. */
export async function denyPolicyAtAws(roleName: string): Promise<string | null> {
  const iam = new IAMClient({ region: "us-east-1", endpoint: E2E_MOTO_URL, credentials: { accessKeyId: "e2e", secretAccessKey: "e2e" } });
  try {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME }));
    return decodeURIComponent(out.PolicyDocument ?? "");
  } catch (error) {
    if (error instanceof NoSuchEntityException) return null;
    throw error;
  }
}
