// What a catalog rule says about notifications. A rule that was removed since the request was made
// notifies nobody instead of failing the delivery.
import { ruleById } from "@/lib/catalog/rules";
import type { Catalog } from "@/lib/catalog/schema";

export interface RuleNotify {
  ruleId: string;
  /** The rule has a Slack section: its requesters hear about decisions by DM too. */
  slack: boolean;
  /** The rule has an email section: its requesters hear about decisions by email too. */
  email: boolean;
  slackChannels: string[];
  dmApprovers: boolean;
  interactive: boolean;
  emailApprovers: boolean;
  emailTo: string[];
  approverGroups: string[];
  approverEmails: string[];
  /** Backup approvers: asked when nobody decided in time (escalation). */
  backupGroups: string[];
  backupEmails: string[];
}

export function ruleNotify(catalog: Catalog, ruleId: string): RuleNotify {
  const rule = ruleById(catalog, ruleId);
  const slack = rule?.notify.slack;
  const email = rule?.notify.email;
  return {
    ruleId,
    slack: slack !== undefined,
    email: email !== undefined,
    slackChannels: [...new Set(slack?.channels ?? [])],
    dmApprovers: slack?.dmApprovers ?? false,
    interactive: slack?.interactive ?? false,
    emailApprovers: email?.approvers ?? false,
    emailTo: [...new Set(email?.to ?? [])],
    approverGroups: rule?.approvers.groups ?? [],
    approverEmails: (rule?.approvers.users ?? []).map((address) => address.toLowerCase()),
    backupGroups: rule?.escalation.to?.groups ?? [],
    backupEmails: (rule?.escalation.to?.users ?? []).map((address) => address.toLowerCase()),
  };
}
