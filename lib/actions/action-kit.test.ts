import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { actionKit } from "./action-kit";

const alice: Actor = { id: "u1", email: "alice@example.com", name: "Alice", groups: ["engineering"] };
const deps = { marker: "deps" } as unknown as Deps;
const signedIn = actionKit({ deps: async () => deps, actor: async () => alice });
const signedOut = actionKit({
  deps: async () => deps,
  actor: async () => {
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  },
});

const schema = z.object({ requestId: z.string().min(1), reason: z.string().min(3, "Say why.") });

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("defineFormAction", () => {
  it("hands the use case only the schema's fields, as text, with the actor and deps", async () => {
    const seen: unknown[] = [];
    const action = signedIn.defineFormAction({
      schema,
      run: async (context) => {
        seen.push(context);
        return "done";
      },
      onSuccess: (result, input) => ({ values: { result, id: input.requestId } }),
    });
    const state = await action({}, form({ requestId: "r1", status: "APPROVED", reason: new Blob(["x"]) }));
    expect(seen).toEqual([{ deps, actor: alice, input: { requestId: "r1", reason: "" } }]);
    expect(state).toEqual({ values: { result: "done", id: "r1" } });
  });

  it("maps a refusal to the form state, keeping only the listed fields", async () => {
    const action = signedIn.defineFormAction({
      schema,
      keep: ["reason"],
      run: async () => {
        throw new AppError("CONFLICT", "Already revoked.", { reason: "x" });
      },
      onSuccess: () => {
        throw new Error("not reached");
      },
    });
    const state = await action({}, form({ requestId: "r1", reason: "typed" }));
    expect(state).toEqual({ error: { code: "CONFLICT", message: "Already revoked.", fieldErrors: { reason: "x" }, link: null }, values: { reason: "typed" } });
  });

  it("refuses a signed-out person before the use case runs, and hides unexpected errors", async () => {
    let ran = false;
    const spec = {
      schema,
      run: async () => {
        ran = true;
      },
      onSuccess: () => ({}),
    };
    const out = await signedOut.defineFormAction(spec)({}, form({ requestId: "r1" }));
    expect(out.error?.code).toBe("UNAUTHENTICATED");
    expect(out.values).toBeUndefined();
    expect(ran).toBe(false);

    const crash = signedIn.defineFormAction({
      schema,
      run: async () => {
        throw new Error("connection string postgres://secret@db");
      },
      onSuccess: () => ({}),
    });
    const hidden = await crash({}, form({ requestId: "r1" }));
    expect(hidden.error?.code).toBe("INTERNAL");
    expect(hidden.error?.message).not.toContain("secret");
  });

  it("refuses a hand-made call without form data as invalid input, before anything runs", async () => {
    let ran = false;
    const action = signedIn.defineFormAction({
      schema,
      run: async () => {
        ran = true;
      },
      onSuccess: () => ({}),
    });
    const state = await action({}, undefined as unknown as FormData);
    expect(state.error?.code).toBe("INVALID_INPUT");
    expect(ran).toBe(false);
  });

  it("lets redirect-style success (a throw) escape the error mapping", async () => {
    const redirect = new Error("NEXT_REDIRECT");
    const action = signedIn.defineFormAction({
      schema,
      run: async () => "ok",
      onSuccess: () => {
        throw redirect;
      },
    });
    await expect(action({}, form({ requestId: "r1", reason: "abc" }))).rejects.toBe(redirect);
  });
});

describe("defineAction", () => {
  const action = signedIn.defineAction({
    schema: z.object({ jobId: z.string().max(4, "Too long.") }),
    run: async ({ actor, input }) => ({ ok: true as const, message: `${actor.id}:${input.jobId}` }),
  });

  it("parses the argument with the schema and answers the use case's result", async () => {
    expect(await action({ jobId: "j1" })).toEqual({ ok: true, message: "u1:j1" });
  });

  it("refuses input that does not parse, a signed-out person and use-case refusals with the person's words", async () => {
    expect(await action({ jobId: "j12345" })).toEqual({ ok: false, error: { code: "INVALID_INPUT", message: "Too long.", fieldErrors: {}, link: null } });
    const out = signedOut.defineAction({ schema: z.void(), run: async () => ({ ok: true as const }) });
    expect(await out()).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    const refused = signedIn.defineAction({
      schema: z.void(),
      run: async () => {
        throw new AppError("NOT_FOUND", "No such job.");
      },
    });
    expect(await refused()).toMatchObject({ ok: false, error: { code: "NOT_FOUND", message: "No such job." } });
  });
});
