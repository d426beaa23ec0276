import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { notifyFor, ruleNotify, setNotify } from "./rule-notify";

const catalog = parseCatalog(
  `
accounts: [{ id: "111111111111", name: A }]
roles:
  - { id: dev, name: Dev, account: "111111111111", arn: "arn:aws:iam::111111111111:role/Dev", maxDuration: 1h }
  - { id: ops, name: Ops, account: "111111111111", arn: "arn:aws:iam::111111111111:role/Ops", maxDuration: 1h }
rules:
  - id: dev-rule
    roles: [dev]
    requesters: [eng]
    approvers: [sec]
    notify: { slack: { channels: ["#dev"], interactive: true }, email: { to: [dev@example.com] } }
  - id: ops-rule
    roles: [ops]
    requesters: [eng]
    approvers: { groups: [leads], users: [Boss@Example.com] }
    notify: { slack: { channels: ["#ops", "#dev"], dmApprovers: true } }
`,
  "t.yaml",
);

describe("setNotify: a set is announced once, to everyone its rules would tell", () => {
  it("unites channels, addresses and approvers; Slack decisions only if every rule allows them", () => {
    const both = setNotify(catalog, ["dev-rule", "ops-rule"]);
    expect(both).toMatchObject({ slack: true, email: true, dmApprovers: true, interactive: false, emailTo: ["dev@example.com"] });
    expect(both.slackChannels).toEqual(["#dev", "#ops"]);
    expect(both.approverGroups).toEqual(["sec", "leads"]);
    expect(both.approverEmails).toEqual(["boss@example.com"]);
  });

  it("a request of one role follows its own rule", () => {
    expect(notifyFor(catalog, { ruleId: "dev-rule", set: null })).toEqual(ruleNotify(catalog, "dev-rule"));
    expect(notifyFor(catalog, { ruleId: "dev-rule", set: { members: [{ ruleId: "dev-rule" }, { ruleId: "ops-rule" }] } }).slackChannels).toEqual([
      "#dev",
      "#ops",
    ]);
  });
});
