// The one place that talks to IAM: one inline policy on one role, read, written or deleted.
// SDK types stay here; callers get strings and AppErrors.
import { DeleteRolePolicyCommand, GetRolePolicyCommand, IAMClient, IAMServiceException, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AppError } from "@/lib/errors";
import { parseRoleArn } from "./role-arn";
import { managementCredentials, type ManagementWebIdentity, type ViaRole } from "./management-credentials";
import type { STSClient } from "@aws-sdk/client-sts";

export interface RolePolicyRef {
  roleArn: string;
  policyName: string;
  /** The management role to assume in the role's account first; Frontdesk's own credentials when absent. */
  via?: ViaRole | null;
}

export interface IamConfig {
  /** A custom endpoint (a local emulator in tests and the demo); AWS's for the role's partition otherwise. */
  endpoint?: string;
  /** Assumes management roles in other accounts. */
  sts?: STSClient;
  /** For management roles assumed with Frontdesk's web-identity token (no AWS credentials). */
  webIdentity?: ManagementWebIdentity;
}

// IAM is global per partition; its API is signed for the partition's home region.
const IAM_REGION: Record<string, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

export { parseRoleArn };

export type IamClients = (partition: string, via?: ViaRole | null) => IAMClient;

export function createIamClients(config: IamConfig): IamClients {
  const clients = new Map<string, IAMClient>();
  return (partition, via) => {
    const key = via ? `${partition}|${via.roleArn}|${via.externalId ?? ""}|${via.mint ?? ""}` : partition;
    let client = clients.get(key);
    if (!client) {
      if (via && !config.sts) throw new AppError("AWS_ERROR", "Frontdesk cannot assume management roles: no STS client is configured.");
      client = new IAMClient({
        region: IAM_REGION[partition] ?? "us-east-1",
        endpoint: config.endpoint,
        ...(via && config.sts ? { credentials: managementCredentials(config.sts, via, Date.now, config.webIdentity) } : {}),
        maxAttempts: 3,
        retryMode: "standard",
        // Bounded (about 35 s at worst), so a job that calls IAM finishes well inside its lease.
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
      });
      clients.set(key, client);
    }
    return client;
  };
}

function target(ref: RolePolicyRef) {
  const { partition, roleName } = parseRoleArn(ref.roleArn);
  return { partition, via: ref.via, params: { RoleName: roleName, PolicyName: ref.policyName } };
}

/** The policy document as JSON text, or null when the role has no such inline policy. */
export async function getRolePolicy(clients: IamClients, ref: RolePolicyRef): Promise<string | null> {
  const { partition, via, params } = target(ref);
  try {
    const out = await clients(partition, via).send(new GetRolePolicyCommand(params));
    const document = out.PolicyDocument ?? "";
    // IAM returns the document URL-encoded (RFC 3986).
    return document.startsWith("%") ? decodeURIComponent(document) : document;
  } catch (error) {
    if (isMissingPolicy(error)) return null;
    throw toIamAppError(error);
  }
}

export async function putRolePolicy(clients: IamClients, ref: RolePolicyRef & { document: string }): Promise<void> {
  const { partition, via, params } = target(ref);
  try {
    await clients(partition, via).send(new PutRolePolicyCommand({ ...params, PolicyDocument: ref.document }));
  } catch (error) {
    throw toIamAppError(error);
  }
}

/** Deleting a policy that is already gone succeeds: the outcome is the same. */
export async function deleteRolePolicy(clients: IamClients, ref: RolePolicyRef): Promise<void> {
  const { partition, via, params } = target(ref);
  try {
    await clients(partition, via).send(new DeleteRolePolicyCommand(params));
  } catch (error) {
    if (isMissingPolicy(error)) return;
    throw toIamAppError(error);
  }
}

// IAM answers NoSuchEntity both for a missing policy and for a missing role; only the first means
// "nothing there". Its message says which ("The role with name X cannot be found.").
const MISSING_ROLE = /^(the )?role (with name )?\S+ (cannot be found|not found|does not exist)/i;

function isMissingPolicy(error: unknown): boolean {
  return error instanceof IAMServiceException && error.name === "NoSuchEntityException" && !MISSING_ROLE.test(error.message);
}

const ERROR_ADVICE: Record<string, string> = {
  AccessDenied:
    "AWS refused to let Frontdesk change this role's inline policies. An admin should grant it iam:GetRolePolicy, iam:PutRolePolicy and iam:DeleteRolePolicy on the role.",
  AccessDeniedException:
    "AWS refused to let Frontdesk change this role's inline policies. An admin should grant it iam:GetRolePolicy, iam:PutRolePolicy and iam:DeleteRolePolicy on the role.",
  NoSuchEntityException: "The role does not exist in IAM. An admin should check its ARN in the catalog.",
  LimitExceededException: "The role's inline policies are over IAM's size limit. An admin should shrink the role's other inline policies.",
  MalformedPolicyDocumentException: "IAM rejected the revocation policy document. Tell your Frontdesk admin.",
  UnmodifiableEntityException: "This role cannot be changed (a service-linked or Identity Center role). Revoke its sessions where it is managed.",
  ServiceFailureException: "IAM failed to process the change.",
  Throttling: "IAM is throttling Frontdesk's calls.",
  ExpiredToken: "Frontdesk's own AWS credentials have expired. An admin must refresh them.",
  InvalidClientTokenId: "Frontdesk's own AWS credentials are not valid. An admin must fix them.",
};

export function toIamAppError(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (error instanceof IAMServiceException) {
    const advice = ERROR_ADVICE[error.name] ?? "IAM could not make the change right now.";
    return new AppError("AWS_ERROR", `${advice} (AWS error: ${error.name})`);
  }
  return new AppError("AWS_ERROR", "Frontdesk could not reach AWS IAM.");
}
