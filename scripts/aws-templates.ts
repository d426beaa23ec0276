// Reads the CloudFormation templates under deploy/aws as CloudFormation does: YAML with the
// short-form intrinsic tags (!Ref, !Sub, !GetAtt …) turned into their long form, then a small
// evaluator of the intrinsics the templates use (Ref, Fn::Sub, Fn::Join, Fn::GetAtt, Fn::If and
// conditions), so a test can check references and compare resolved policies with the generators.
import { readFileSync } from "node:fs";
import { parse, type Tags } from "yaml";

type Json = unknown;
export interface Template {
  AWSTemplateFormatVersion?: string;
  Parameters?: Record<string, { Type: string; Default?: Json }>;
  Conditions?: Record<string, Json>;
  Mappings?: Record<string, Record<string, Record<string, Json>>>;
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Record<string, Json> }>;
  Outputs?: Record<string, { Value: Json; Condition?: string }>;
}

const FUNCTIONS = ["And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "If", "ImportValue", "Join", "Not", "Or", "Select", "Split", "Sub", "Transform"];
const collection = (tag: string, key: string, collectionType: "seq" | "map") => ({
  tag: `!${tag}`,
  collection: collectionType,
  resolve: (value: { toJSON(): Json }) => ({ [key]: value.toJSON() }),
});
const scalar = (tag: string, key: string, map: (s: string) => Json = (s) => s) => ({ tag: `!${tag}`, resolve: (value: string) => ({ [key]: map(value) }) });

export const CLOUDFORMATION_TAGS: Tags = [
  scalar("Ref", "Ref"),
  scalar("Condition", "Condition"),
  scalar("GetAtt", "Fn::GetAtt", (s) => [s.slice(0, s.indexOf(".")), s.slice(s.indexOf(".") + 1)]),
  collection("GetAtt", "Fn::GetAtt", "seq"),
  ...FUNCTIONS.flatMap((name) => [scalar(name, `Fn::${name}`), collection(name, `Fn::${name}`, "seq"), collection(name, `Fn::${name}`, "map")]),
] as Tags;

export function readTemplate(file: string): Template {
  return parse(readFileSync(file, "utf8"), { customTags: CLOUDFORMATION_TAGS }) as Template;
}

export const PSEUDO_PARAMETERS = [
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
];

/** Every name a template refers to: Ref, GetAtt and ${…} in Fn::Sub (minus the Sub's own variables), and conditions. */
export function references(template: Template): { refs: string[]; getAtts: string[]; conditions: string[]; mappings: string[] } {
  const refs: string[] = [];
  const mappings: string[] = [];
  const getAtts: string[] = [];
  const conditions: string[] = [];
  const walk = (node: Json, local: string[] = []): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, local));
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "Ref" && typeof value === "string") refs.push(value);
      else if (key === "Fn::GetAtt") getAtts.push(String((value as string[])[0]));
      else if (key === "Condition" && typeof value === "string") conditions.push(value);
      else if (key === "Fn::If") conditions.push(String((value as Json[])[0]));
      else if (key === "Fn::FindInMap") {
        mappings.push(String((value as Json[])[0]));
        walk(value, local);
      } else if (key === "Fn::Sub") {
        const [text, variables] = typeof value === "string" ? [value, {}] : (value as [string, Record<string, Json>]);
        const names = Object.keys(variables ?? {});
        for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
          if (names.includes(name!)) continue;
          if (name!.includes(".") && !name!.startsWith("AWS::")) getAtts.push(name!.split(".")[0]!);
          else refs.push(name!);
        }
        walk(variables, [...local, ...names]);
      } else walk(value, local);
    }
  };
  walk(template.Resources);
  walk(template.Outputs ?? {});
  walk(template.Conditions ?? {});
  return { refs, getAtts, conditions, mappings };
}

export interface Scope {
  parameters: Record<string, Json>;
  /** What Ref of a resource gives (ARN of a provider, name of a role). */
  resourceRefs: Record<string, string>;
  pseudo: Record<string, string>;
}

/** Evaluates the intrinsic functions in node; conditions are evaluated from the template. */
export function resolve(template: Template, node: Json, scope: Scope): Json {
  const ref = (name: string): Json => {
    if (name in scope.pseudo) return scope.pseudo[name];
    if (name in scope.parameters) return scope.parameters[name];
    if (name in scope.resourceRefs) return scope.resourceRefs[name];
    throw new Error(`unresolved Ref ${name}`);
  };
  const condition = (name: string): boolean => Boolean(resolve(template, template.Conditions?.[name], scope));
  const go = (n: Json): Json => {
    if (Array.isArray(n)) return n.map(go);
    if (!n || typeof n !== "object") return n;
    const entries = Object.entries(n);
    if (entries.length === 1) {
      const [key, value] = entries[0]!;
      if (key === "Ref") return ref(value as string);
      if (key === "Condition") return condition(value as string);
      if (key === "Fn::Not") return !go((value as Json[])[0]);
      if (key === "Fn::Equals") return JSON.stringify(go((value as Json[])[0])) === JSON.stringify(go((value as Json[])[1]));
      if (key === "Fn::If") {
        const [name, yes, no] = value as [string, Json, Json];
        return go(condition(name) ? yes : no);
      }
      if (key === "Fn::FindInMap") {
        const [map, top, second] = (value as Json[]).map(go) as [string, string, string];
        const found = template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new Error(`no mapping ${map}.${top}.${second}`);
        return found;
      }
      if (key === "Fn::Join") {
        const [separator, parts] = value as [string, Json];
        return (go(parts) as Json[]).map(String).join(separator);
      }
      if (key === "Fn::GetAtt") {
        const [resource, attribute] = value as [string, string];
        return `${scope.resourceRefs[resource] ?? resource}.${attribute}`;
      }
      if (key === "Fn::Sub") {
        const [text, variables] = typeof value === "string" ? [value, {}] : (value as [string, Record<string, Json>]);
        const local = Object.fromEntries(Object.entries(variables ?? {}).map(([k, v]) => [k, go(v)]));
        return text.replace(/\$\{(?!!)([^}]+)\}/g, (_, name: string) => String(name in local ? local[name] : ref(name)));
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, go(v)]));
  };
  return go(node);
}

/** What is wrong with one IAM policy document (identity or trust policy); empty when well formed. */
export function policyProblems(document: Json, kind: "identity" | "trust"): string[] {
  const problems: string[] = [];
  const doc = document as { Version?: string; Statement?: Json };
  if (doc.Version !== "2012-10-17") problems.push(`Version is ${String(doc.Version)}, not 2012-10-17`);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const stringOrList = (v: Json) => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));
  statements.forEach((s, i) => {
    const st = (s ?? {}) as Record<string, Json>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") problems.push(`statement ${i}: Effect ${String(st.Effect)}`);
    if (!stringOrList(st.Action ?? st.NotAction)) problems.push(`statement ${i}: Action must be a string or a list of strings`);
    for (const action of [st.Action ?? st.NotAction].flat()) {
      if (typeof action === "string" && !/^(\*|[a-z0-9-]+:[A-Za-z0-9*]+)$/.test(action)) problems.push(`statement ${i}: action ${action}`);
    }
    if (kind === "identity" && !stringOrList(st.Resource ?? st.NotResource)) problems.push(`statement ${i}: Resource must be a string or a list of strings`);
    if (kind === "trust" && (st.Resource !== undefined || typeof st.Principal !== "object"))
      problems.push(`statement ${i}: a trust policy names a Principal and no Resource`);
  });
  return problems;
}
