// The people Frontdesk knows (signed in at least once) who may decide a request under a set of
// approver principals: the one home of that list, read by the request page's roster and by the
// notifications that ask approvers to decide. The database finds a superset (the groups, the
// emails in any case, never the requester's own row); the policy's predicates then keep exactly
// the people the server would let decide: named by the principals (isOneOf) and not the requester
// under another identity (isSelfReview).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isOneOf, isSelfReview, type Principals } from "@/lib/policy/access";
import type { PersonView } from "./request-view";

export async function peopleWhoMayDecide(
  db: Pick<PrismaClient, "user">,
  principals: Principals,
  requester: { id: string; email: string },
  { orderBy, take }: { orderBy: "name" | "email"; take: number },
): Promise<PersonView[]> {
  if (principals.groups.length + principals.users.length === 0) return [];
  const rows = await db.user.findMany({
    where: {
      OR: [{ groups: { hasSome: [...principals.groups] } }, { email: { in: [...principals.users], mode: "insensitive" } }],
      NOT: { id: requester.id },
    },
    orderBy: { [orderBy]: "asc" },
    take,
    select: { id: true, name: true, email: true, groups: true },
  });
  return rows
    .filter((person) => isOneOf(person, principals) && !isSelfReview(person, { requesterId: requester.id, requesterEmail: requester.email }))
    .map(({ id, name, email }) => ({ id, name, email }));
}
