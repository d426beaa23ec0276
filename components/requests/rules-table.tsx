import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { maxDurationFor } from "@/lib/catalog/rules";
import type { Catalog, CatalogRule } from "@/lib/catalog/schema";
import { formatDuration } from "@/lib/duration";
import { listWords } from "./request-form-text";

const who = (p: CatalogRule["requesters"]) => [...p.groups, ...p.users];
const none = <span className="text-slate-600">—</span>;

function covers(catalog: Catalog, rule: CatalogRule): string[] {
  return [
    ...rule.roles.map((id) => {
      const role = catalog.roles.find((r) => r.id === id);
      return role ? `${role.name} (${id})` : id;
    }),
    ...rule.accounts.map((id) => `every role in ${catalog.accounts.find((a) => a.id === id)?.name ?? id} (${id})`),
  ];
}

/** The longest window under a rule: its own limit, else each covered role's. */
function longest(catalog: Catalog, rule: CatalogRule): string {
  if (rule.maxDuration !== undefined) return formatDuration(rule.maxDuration);
  const roles = catalog.roles.filter((r) => rule.roles.includes(r.id) || rule.accounts.includes(r.account));
  const limits = [...new Set(roles.map((role) => maxDurationFor(rule, role)))];
  return limits.length === 1 ? `${formatDuration(limits[0]!)} (the role's)` : "each role's own";
}

function notify(rule: CatalogRule): string[] {
  const lines: string[] = [];
  const slack = rule.notify.slack;
  if (slack) {
    const parts = [
      slack.channels.length > 0 ? `Slack ${slack.channels.join(", ")}` : "Slack",
      slack.dmApprovers && "DMs approvers",
      slack.interactive && "buttons act in Slack",
    ];
    lines.push(parts.filter(Boolean).join(" · "));
  }
  const email = rule.notify.email;
  if (email) {
    const to = [email.approvers && "approvers", ...email.to].filter(Boolean) as string[];
    lines.push(`Email ${to.length > 0 ? listWords(to) : "(nobody)"}`);
  }
  return lines;
}

const Line = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <p>
    <span className="text-slate-600">{label}</span> {children}
  </p>
);

/** The catalog's access rules, one row each, in the order requests are matched against them. */
export function RulesTable({ catalog }: { catalog: Catalog }) {
  return (
    <Table caption="Access rules">
      <thead className="bg-slate-50">
        <tr>
          <Th>Rule</Th>
          <Th>Covers</Th>
          <Th>Requesters</Th>
          <Th>Approvers</Th>
          <Th>Limits</Th>
          <Th>Shortcuts</Th>
          <Th>MFA and notify</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 text-xs">
        {catalog.rules.map((rule) => (
          <tr key={rule.id}>
            <Td className="min-w-44">
              <p className="font-mono font-medium text-slate-900">{rule.id}</p>
              {rule.description && <p className="mt-0.5 text-slate-600">{rule.description}</p>}
            </Td>
            <Td className="min-w-32">
              <ul className="space-y-0.5">
                {covers(catalog, rule).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </Td>
            <Td>{who(rule.requesters).join(", ")}</Td>
            <Td className="min-w-32">
              <p>{who(rule.approvers).join(", ")}</p>
              <p className="mt-0.5 font-medium text-slate-900">{rule.approvals === 1 ? "1 approval" : `${rule.approvals} approvals`}</p>
              <p className="text-slate-600">deny comment {rule.denyComment}</p>
            </Td>
            <Td className="min-w-44 space-y-0.5">
              <Line label="Max duration">{longest(catalog, rule)}</Line>
              <Line label="Pending timeout">{formatDuration(rule.pendingTimeout)}</Line>
              <Line label="Ticket">
                {rule.ticket.required ? "required" : rule.ticket.pattern ? "optional" : "none"}
                {rule.ticket.pattern && <span className="font-mono"> {rule.ticket.pattern}</span>}
                {rule.ticket.example && <span className="text-slate-600"> (e.g. {rule.ticket.example})</span>}
              </Line>
            </Td>
            <Td className="min-w-40 space-y-1">
              {rule.autoApprove && (
                <Line label="Auto-approve">
                  {rule.autoApprove.groups.join(", ")}, up to {formatDuration(rule.autoApprove.maxDuration)}
                </Line>
              )}
              {rule.breakGlass && (
                <div className="flex flex-wrap items-center gap-1">
                  <Badge tone="danger">Break glass</Badge>
                  <span>
                    {rule.breakGlass.groups.join(", ")}, up to {formatDuration(rule.breakGlass.maxDuration)}
                  </span>
                </div>
              )}
              {!rule.autoApprove && !rule.breakGlass && none}
            </Td>
            <Td className="min-w-44 space-y-0.5">
              <Line label="MFA">
                {rule.mfa.request || rule.mfa.approve
                  ? [rule.mfa.request && "to request", rule.mfa.approve && "to approve"].filter(Boolean).join(", ")
                  : "not required"}
              </Line>
              {notify(rule).map((line) => (
                <p key={line}>{line}</p>
              ))}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
