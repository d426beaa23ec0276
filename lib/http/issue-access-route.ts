// The shared shape of the two minting endpoints: same origin, signed in, one use case, no-store.
import { z } from "zod";
import { actorOrThrow } from "@/lib/http/action-input";
import type { Deps } from "@/lib/context";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { assertSameOrigin, errorJson, secretJson } from "./responses";

const requestId = z.string().regex(/^[a-z0-9]{1,64}$/);

export function issueAccessRoute<T>(issue: (deps: Deps, options: { actor: Actor; requestId: string }) => Promise<T>) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    try {
      assertSameOrigin(request, getEnv().NEXTAUTH_URL);
      const actor = await actorOrThrow();
      const id = requestId.safeParse((await params).id);
      if (!id.success) throw new AppError("NOT_FOUND", "No such request.");
      return secretJson(await issue(await getDeps(), { actor, requestId: id.data }));
    } catch (error) {
      return errorJson(error);
    }
  };
}
