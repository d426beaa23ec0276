// Pending expiry and the end of a window, driven by the outbox runner with the test's clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { runJobsOnce } from "@/lib/jobs/start-job-loop";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";

let h: Harness;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
});
afterAll(() => h.close());

const later = (minutes: number) => {
  h.clock.now = new Date(h.clock.now.getTime() + minutes * 60_000);
};
const statusOf = async (id: string) => (await h.db.accessRequest.findUniqueOrThrow({ where: { id } })).status;
const ask = () => createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Timers under test", durationMinutes: 60 } });

describe("timers", () => {
  it("a request nobody decides expires after the role's pending timeout (24 h by default)", async () => {
    const request = await ask();
    later(24 * 60 - 1);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("PENDING");

    later(1);
    // Even before the job runs, nobody can approve it any more.
    const late = await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" }).catch((e: AppError) => e);
    expect((late as AppError).code).toBe("CONFLICT");
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("EXPIRED");
    const events = await h.db.auditEvent.findMany({ where: { requestId: request.id, action: "request.expired" } });
    expect(events).toMatchObject([{ actorId: null, result: "ok" }]);
  });

  it("an approved grant ends when its window does, and the end is recorded once", async () => {
    const request = await ask();
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
    later(59);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("ACTIVE");
    later(1);
    await runJobsOnce(h);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("ENDED");
    expect(await h.db.auditEvent.count({ where: { requestId: request.id, action: "request.ended" } })).toBe(1);
    // The approved request's expiry job found nothing left to expire.
    later(24 * 60);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("ENDED");
  });
});
