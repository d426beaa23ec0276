import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/get-actor";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { hasAnyAccess } from "@/lib/policy/access";

// The start page: signed-in people whose groups grant nothing are told so, not shown empty lists.
export default async function Home() {
  const actor = await getActor();
  if (actor && !hasAnyAccess(actor, getCatalog())) redirect("/no-access");
  redirect("/requests");
}
