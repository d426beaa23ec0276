// Portal people and their Slack users. The link is made from the portal's side (the email the
// identity provider vouches for, looked up with users.lookupByEmail) or, for a click from an
// unknown Slack user, from Slack's profile email matched to exactly one portal person. Links are
// re-checked after a day so a reassigned email does not keep pointing at the wrong person.
import type { PrismaClient, User } from "@/lib/generated/prisma/client";
import type { SlackApi } from "@/lib/slack/client";

const LINK_FRESH_MS = 24 * 3_600_000;

export async function slackUserFor(db: PrismaClient, slack: SlackApi, user: { id: string; email: string }, now: Date): Promise<string | null> {
  const link = await db.slackUserLink.findUnique({ where: { userId: user.id } });
  if (link && now.getTime() - link.checkedAt.getTime() < LINK_FRESH_MS) return link.slackUserId;
  const slackUserId = await slack.lookupByEmail(user.email);
  if (!slackUserId) {
    await db.slackUserLink.deleteMany({ where: { userId: user.id } });
    return null;
  }
  await saveLink(db, user.id, slackUserId, now);
  return slackUserId;
}

/** The portal person behind a Slack user, or null when there is none (or more than one). */
export async function personForSlackUser(db: PrismaClient, slack: SlackApi, slackUserId: string, now: Date): Promise<User | null> {
  const link = await db.slackUserLink.findUnique({ where: { slackUserId }, include: { user: true } });
  if (link && now.getTime() - link.checkedAt.getTime() < LINK_FRESH_MS) return link.user;
  const info = await slack.userInfo(slackUserId);
  if (!info || info.deleted || info.isBot || !info.email) {
    await db.slackUserLink.deleteMany({ where: { slackUserId } });
    return null;
  }
  const people = await db.user.findMany({ where: { email: { equals: info.email, mode: "insensitive" } }, take: 2 });
  const [person] = people;
  if (!person || people.length > 1) return null;
  await saveLink(db, person.id, slackUserId, now);
  return person;
}

async function saveLink(db: PrismaClient, userId: string, slackUserId: string, now: Date): Promise<void> {
  await db.$transaction([
    // A Slack user belongs to one person: a stale link of someone else's gives way.
    db.slackUserLink.deleteMany({ where: { slackUserId, NOT: { userId } } }),
    db.slackUserLink.upsert({ where: { userId }, create: { userId, slackUserId, checkedAt: now }, update: { slackUserId, checkedAt: now } }),
  ]);
}
