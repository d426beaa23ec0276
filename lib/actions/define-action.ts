// The server-action wrapper every action in lib/actions is built with, bound to the app's
// dependencies and the signed-in person (see action-kit.ts for what it does).
import { getDeps } from "@/lib/deps";
import { actorOrThrow } from "@/lib/http/action-input";
import { actionKit } from "./action-kit";

export const { defineFormAction, defineAction } = actionKit({ deps: getDeps, actor: actorOrThrow });
