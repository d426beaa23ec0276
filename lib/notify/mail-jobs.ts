// Email deliveries: the content was rendered at fan-out, so a retry sends the same message. Its
// Message-ID derives from the job, so a receiving system can drop the duplicate of a retry after a
// lost "250 OK".
import type { Deps } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { JobHandlers } from "@/lib/jobs/types";
import { MAIL_SEND, mailPayload, parsePayload } from "./delivery-kinds";
import { deliver, notConfigured } from "./delivery-errors";
import { sendOnce } from "./delivery-record";

export function mailJobHandlers(deps: Deps): JobHandlers {
  return {
    [MAIL_SEND]: {
      async run(raw, job) {
        const mail = parsePayload(mailPayload, raw, job.kind);
        const mailer = deps.notifications?.mailer;
        if (!mailer || !deps.notifications) throw notConfigured("Email");
        const host = new URL(deps.notifications.portalUrl).hostname || "frontdesk";
        // Committed before the send, confirmed after: a retry after an outage does not send twice.
        await deliver({ db: deps.db, now: deps.now, job, payload: raw as Prisma.InputJsonObject }, async () => {
          await sendOnce({ db: deps.db, now: deps.now, key: `${MAIL_SEND}:${job.id}` }, () => mailer.send({ ...mail, messageId: `<${job.id}@${host}>` }));
        });
      },
    },
  };
}
