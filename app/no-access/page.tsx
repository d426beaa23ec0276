import type { Metadata } from "next";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";

export const metadata: Metadata = { title: "No access yet" };

// For people who are signed in but in no group the access catalog knows: say what Frontdesk sees
// and who can change it. Nothing here grants or checks anything.
export default async function NoAccessPage() {
  const actor = await requireActor("/no-access");
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="No access yet" description={`You are signed in as ${actor.email}.`} />
      <Card>
        <CardBody className="space-y-4 text-sm text-slate-700">
          <p>
            None of your groups lets you request or approve access in Frontdesk. Groups come from your identity provider and are read each time you sign in.
          </p>
          <div>
            <h2 className="font-medium text-slate-900">Your groups, as of your last sign-in</h2>
            {actor.groups.length > 0 ? (
              <ul className="mt-2 flex flex-wrap gap-2" aria-label="Your groups">
                {actor.groups.map((group) => (
                  <li key={group} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800">
                    {group}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2">Your identity provider sent no groups for you.</p>
            )}
          </div>
          <p>
            Ask your Frontdesk admin which group you need, and your identity provider admin to add you to it. Then sign out and sign in again: your new groups
            apply from that sign-in.
          </p>
        </CardBody>
      </Card>
    </div>
  );
}
