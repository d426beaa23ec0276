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

/**
 * Roles asked for together are announced once, to everyone any of their rules would tell: channels,
 * addresses and approvers are the union; deciding from a Slack button only when every rule allows it.
 */
export function setNotify(catalog: Catalog, ruleIds: readonly string[]): RuleNotify {
  const all = [...new Set(ruleIds)].map((id) => ruleNotify(catalog, id));
  const union = (pick: (n: RuleNotify) => string[]) => [...new Set(all.flatMap(pick))];
  return {
    ruleId: all[0]?.ruleId ?? "",
    slack: all.some((n) => n.slack),
    email: all.some((n) => n.email),
    slackChannels: union((n) => n.slackChannels),
    dmApprovers: all.some((n) => n.dmApprovers),
    interactive: all.length > 0 && all.every((n) => n.interactive),
    emailApprovers: all.some((n) => n.emailApprovers),
    emailTo: union((n) => n.emailTo),
    approverGroups: union((n) => n.approverGroups),
    approverEmails: union((n) => n.approverEmails),
    backupGroups: union((n) => n.backupGroups),
    backupEmails: union((n) => n.backupEmails),
  };
}

/** What a request's notifications follow: its rule, or the union over a set's rules. */
export function notifyFor(catalog: Catalog, view: { ruleId: string; set: { members: { ruleId: string }[] } | null }): RuleNotify {
  return view.set
    ? setNotify(
        catalog,
        view.set.members.map((m) => m.ruleId),
      )
    : ruleNotify(catalog, view.ruleId);
}
