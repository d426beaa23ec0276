// Customer-managed policies Frontdesk creates in a role's account and attaches to that role (the
// spill-over of revocation deny statements once the role's inline policy is full). Only policies
// under Frontdesk's own path are ever read, changed or deleted.
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
} from "@aws-sdk/client-iam";
import { parseRoleArn, toIamAppError, type IamClients } from "./iam";
import type { ViaRole } from "./management-credentials";

export interface ManagedPolicyRef {
  roleArn: string;
  /** Frontdesk's IAM path for these policies, such as /frontdesk-revocations/. */
  path: string;
  via?: ViaRole | null;
}

/** IAM keeps at most five versions of a managed policy. */
const MAX_VERSIONS = 5;

const accountOf = (roleArn: string) => roleArn.split(":")[4] ?? "";
const policyArn = (ref: ManagedPolicyRef, name: string) => `arn:${parseRoleArn(ref.roleArn).partition}:iam::${accountOf(ref.roleArn)}:policy${ref.path}${name}`;
const isMissing = (error: unknown) => error instanceof IAMServiceException && error.name === "NoSuchEntityException";

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toIamAppError(error);
  }
}

/** The documents of Frontdesk's policies attached to the role, by policy name. */
export async function readManagedRolePolicies(clients: IamClients, ref: ManagedPolicyRef): Promise<Map<string, string>> {
  const { partition, roleName } = parseRoleArn(ref.roleArn);
  const iam = clients(partition, ref.via);
  const found = new Map<string, string>();
  let marker: string | undefined;
  do {
    const page = await call(() => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, PathPrefix: ref.path, Marker: marker })));
    for (const attached of page.AttachedPolicies ?? []) {
      if (!attached.PolicyArn || !attached.PolicyName) continue;
      const { Policy } = await call(() => iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn })));
      const version = await call(() => iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy?.DefaultVersionId })));
      const document = version.PolicyVersion?.Document ?? "";
      found.set(attached.PolicyName, document.startsWith("%") ? decodeURIComponent(document) : document);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return found;
}

/** Creates the policy or gives it a new default version, and makes sure it is attached to the role. */
export async function writeManagedRolePolicy(clients: IamClients, ref: ManagedPolicyRef & { policyName: string; document: string }): Promise<void> {
  const { partition, roleName } = parseRoleArn(ref.roleArn);
  const iam = clients(partition, ref.via);
  const arn = policyArn(ref, ref.policyName);
  const exists = await iam.send(new GetPolicyCommand({ PolicyArn: arn })).then(
    () => true,
    (error: unknown) => {
      if (isMissing(error)) return false;
      throw toIamAppError(error);
    },
  );
  if (exists) {
    await dropOldestVersion(clients, ref, arn);
    await call(() => iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ref.document, SetAsDefault: true })));
  } else {
    await call(() =>
      iam.send(
        new CreatePolicyCommand({
          PolicyName: ref.policyName,
          Path: ref.path,
          PolicyDocument: ref.document,
          Description: "Frontdesk revocations (managed by Frontdesk)",
        }),
      ),
    );
  }
  await call(() => iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })));
}

async function dropOldestVersion(clients: IamClients, ref: ManagedPolicyRef, arn: string): Promise<void> {
  const iam = clients(parseRoleArn(ref.roleArn).partition, ref.via);
  const { Versions = [] } = await call(() => iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })));
  if (Versions.length < MAX_VERSIONS) return;
  const oldest = Versions.filter((v) => !v.IsDefaultVersion && v.VersionId).sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
  if (oldest?.VersionId) await call(() => iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.VersionId })));
}

/** Detaches and deletes the policy; succeeds when it is already gone. */
export async function removeManagedRolePolicy(clients: IamClients, ref: ManagedPolicyRef & { policyName: string }): Promise<void> {
  const { partition, roleName } = parseRoleArn(ref.roleArn);
  const iam = clients(partition, ref.via);
  const arn = policyArn(ref, ref.policyName);
  const ignoreMissing = (error: unknown) => {
    if (!isMissing(error)) throw toIamAppError(error);
  };
  await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })).catch(ignoreMissing);
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })).catch((error: unknown) => (ignoreMissing(error), undefined));
  if (!versions) return;
  for (const v of versions.Versions ?? []) {
    if (!v.IsDefaultVersion && v.VersionId) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId })).catch(ignoreMissing);
  }
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn })).catch(ignoreMissing);
}
