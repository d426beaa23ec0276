// Roles in several accounts of the AWS emulator: moto keeps one IAM per account and picks the
// account from the `x-moto-account-id` header (or from assumed-role credentials). Dev and test only.
import {
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { parseRoleArn } from "../../lib/aws/iam";

/** An IAM client acting in one account of the emulator. */
export function iamInAccount(motoUrl: string, accountId: string): IAMClient {
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint: motoUrl,
    // The emulator accepts any keys; these are never real.
    credentials: { accessKeyId: "AKIAMOTOSETUP0000000", secretAccessKey: "moto-setup-not-a-secret" },
  });
  iam.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers["x-moto-account-id"] = accountId;
      return next(args);
    },
    { step: "build", name: "motoAccount" },
  );
  return iam;
}

const trust = (brokerAccount: string, externalId?: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${brokerAccount}:root` },
        Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
      },
    ],
  });

/** Creates the role (by ARN: account, path and name) trusting the broker account; no-op when it exists. */
export async function createRoleIn(
  motoUrl: string,
  roleArn: string,
  options: { brokerAccount?: string; externalId?: string; maxSessionDuration?: number; trustPolicy?: object } = {},
): Promise<void> {
  const { roleName } = parseRoleArn(roleArn);
  const account = roleArn.split(":")[4]!;
  const path = roleArn.slice(roleArn.indexOf(":role") + 5, roleArn.length - roleName.length) || "/";
  const iam = iamInAccount(motoUrl, account);
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        Path: path,
        AssumeRolePolicyDocument: options.trustPolicy
          ? JSON.stringify(options.trustPolicy)
          : trust(options.brokerAccount ?? "123456789012", options.externalId),
        MaxSessionDuration: options.maxSessionDuration ?? 3600,
      }),
    );
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  } finally {
    iam.destroy();
  }
}

/** The role's Frontdesk inline policy and its attached Frontdesk-path managed policies, as seen inside its account. */
export async function revocationDocumentsIn(
  motoUrl: string,
  roleArn: string,
  inlineName: string,
  path: string,
): Promise<{ inline: string | null; managed: string[] }> {
  const { roleName } = parseRoleArn(roleArn);
  const iam = iamInAccount(motoUrl, roleArn.split(":")[4]!);
  const decode = (text: string) => (text.startsWith("%") ? decodeURIComponent(text) : text);
  try {
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: inlineName })).then(
      (out) => decode(out.PolicyDocument ?? ""),
      (error: unknown) => {
        if (error instanceof NoSuchEntityException) return null;
        throw error;
      },
    );
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, PathPrefix: path }));
    const managed: string[] = [];
    for (const p of attached.AttachedPolicies ?? []) {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: p.PolicyArn }));
      const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.PolicyArn, VersionId: Policy?.DefaultVersionId }));
      managed.push(decode(v.PolicyVersion?.Document ?? ""));
    }
    return { inline, managed };
  } finally {
    iam.destroy();
  }
}
