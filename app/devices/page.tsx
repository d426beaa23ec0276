import { Time } from "@/components/ui/time";
import type { Metadata } from "next";
import { RevokeDeviceButton } from "@/components/devices/revoke-device-button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listTokens } from "@/lib/api/api-tokens";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Devices and tokens" };
export const dynamic = "force-dynamic";

export default async function DevicesPage() {
  const actor = await requireActor("/devices");
  const deps = await getDeps();
  const everyone = can(actor, "tokens.view-all", null, deps.catalog);
  const tokens = await listTokens(deps, actor, { everyone });
  return (
    <>
      <PageHeader title="Devices and tokens" description="Terminals signed in with `frontdesk login`. Signing one out ends its token at once." />
      <Card>
        <CardHeader title={everyone ? "Every person's devices" : "Your devices"} />
        <CardBody>
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-600">No terminal is signed in.</p>
          ) : (
            <ul aria-label="Signed-in devices" className="divide-y divide-slate-200">
              {tokens.map((token) => (
                <li key={token.id} className="flex items-center justify-between py-2 text-sm">
                  <span>
                    <strong>{token.deviceName}</strong> · {token.person.email} · signed in <Time date={token.createdAt} />
                    {token.lastUsedAt && (
                      <>
                        {" "}
                        · last used <Time date={token.lastUsedAt} />
                      </>
                    )}
                  </span>
                  <RevokeDeviceButton id={token.id} label={token.deviceName} />
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
    </>
  );
}
