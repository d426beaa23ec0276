// A scripted journey, then a scrape: the exposition parses and shows the expected values.
import { createServer, type Server } from "node:http";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { runJobsOnce } from "@/lib/jobs/start-job-loop";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { observeHttp } from "./http-observer";
import { instrumentAwsGateway } from "./instrument";
import { metricsTokenMatches, renderMetrics } from "./metrics";

let h: Harness;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  h = await createHarness();
  h.aws = instrumentAwsGateway(h.aws);
  observeHttp();
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

const minutes = (n: number) => (h.clock.now = new Date(h.clock.now.getTime() + n * 60_000));

/** A histogram's `_count` line (the parser keeps only the buckets of labelled histograms). */
function histogramCount(body: string, name: string, labels: string): string | undefined {
  const line = body.split("\n").find((l) => l.startsWith(`${name}_count{${labels}}`));
  return line?.split(" ").at(-1);
}

function sample(families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  return family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

describe("metrics", () => {
  it("after a journey, a scrape parses and shows requests, decisions, grants, issuances, calls and routes", async () => {
    const [alice, dave, erin, bob] = await Promise.all([
      h.person("alice", ["engineering"]),
      h.person("dave", ["engineering"]),
      h.person("erin", ["engineering"]),
      h.person("bob", ["security"]),
    ]);
    const granted = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Deploy", durationMinutes: 60 } });
    const denied = await createRequest(h, { actor: dave, input: { roleId: "dev", justification: "Look around", durationMinutes: 60 } });
    minutes(5);
    await decideRequest(h, { actor: bob, requestId: granted.id, decision: "APPROVE" });
    await decideRequest(h, { actor: bob, requestId: denied.id, decision: "DENY", comment: "Not now" });
    await createRequest(h, { actor: erin, input: { roleId: "dev", justification: "Later", durationMinutes: 60 } });
    await issueCredentials(h, { actor: alice, requestId: granted.id });
    await issueCredentials(h, { actor: alice, requestId: granted.id });
    // Someone else's grant: refused, and counted as such.
    await expect(issueCredentials(h, { actor: dave, requestId: granted.id })).rejects.toThrow();
    await runJobsOnce(h);
    await (await fetch(`${baseUrl}/requests/${granted.id}`)).text();
    minutes(10);

    const { contentType, body } = await renderMetrics(h.db, h.now());
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(body);

    expect(sample(families, "frontdesk_requests", { state: "ACTIVE" })?.value).toBe("1");
    expect(sample(families, "frontdesk_requests", { state: "DENIED" })?.value).toBe("1");
    expect(sample(families, "frontdesk_requests", { state: "PENDING" })?.value).toBe("1");
    expect(sample(families, "frontdesk_decisions", { decision: "approve" })?.value).toBe("1");
    expect(sample(families, "frontdesk_decisions", { decision: "deny" })?.value).toBe("1");
    expect(sample(families, "frontdesk_time_to_first_decision_seconds", { quantile: "0.5" })?.value).toBe("300");
    expect(sample(families, "frontdesk_pending_oldest_age_seconds")?.value).toBe("600");
    expect(sample(families, "frontdesk_grants_active")?.value).toBe("1");
    expect(sample(families, "frontdesk_issuances", { kind: "credentials", result: "ok" })?.value).toBe("2");
    expect(sample(families, "frontdesk_issuances", { kind: "credentials", result: "refused" })?.value).toBe("1");
    expect(families.find((f) => f.name === "frontdesk_outbound_call_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(histogramCount(body, "frontdesk_outbound_call_duration_seconds", 'service="sts",operation="assumeRole",result="ok"')).toBe("2");
    expect(Number(sample(families, "frontdesk_audit_chain_head_seq")?.value)).toBeGreaterThan(5);
    expect(sample(families, "frontdesk_audit_anchor_age_seconds")?.value).toBe("-1");
    expect(histogramCount(body, "frontdesk_http_request_duration_seconds", 'route="/requests/[id]",method="GET",status="200"')).toBe("1");
    // The queue: every job the journey caused has a kind and a status.
    const jobs = families.find((f) => f.name === "frontdesk_jobs")?.metrics ?? [];
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((m) => m.labels?.kind && m.labels?.status)).toBe(true);
  });

  it("accepts only the exact bearer token", () => {
    const token = "s3cret-metrics-token-0123";
    expect(metricsTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(metricsTokenMatches(null, token)).toBe(false);
    expect(metricsTokenMatches("Bearer s3cret-metrics-token-0124", token)).toBe(false);
    expect(metricsTokenMatches(`Bearer ${token}x`, token)).toBe(false);
  });
});
