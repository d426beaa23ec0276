import type { Metadata } from "next";
import { ConfirmDeviceForm } from "@/components/devices/confirm-device-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { findPendingDevice } from "@/lib/api/device-flow";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";

export const metadata: Metadata = { title: "Sign in a terminal" };
export const dynamic = "force-dynamic";

export default async function DevicePage({
  searchParams,
}: {
  searchParams: Promise<{ code?: string | string[]; redirect_uri?: string | string[]; state?: string | string[] }>;
}) {
  const params = await searchParams;
  const asked = params.code;
  const code = typeof asked === "string" ? asked.slice(0, 20) : "";
  // The loopback variant (`frontdesk login --browser`) carries where to send the browser back, checked on confirm.
  const loopback =
    typeof params.redirect_uri === "string" && typeof params.state === "string"
      ? { redirectUri: params.redirect_uri.slice(0, 200), state: params.state.slice(0, 128) }
      : null;
  const back = new URLSearchParams(code ? { code } : {});
  if (loopback) {
    back.set("redirect_uri", loopback.redirectUri);
    back.set("state", loopback.state);
  }
  await requireActor(back.size ? `/device?${back}` : "/device");
  const pending = code ? await findPendingDevice(await getDeps(), code) : null;
  return (
    <>
      <PageHeader title="Sign in a terminal" description="`frontdesk login` shows a code. Confirm it here to let that terminal act as you." />
      <Card>
        <CardHeader
          title="Confirm the code"
          description="The terminal gets a token bound to you and this device; you can sign it out any time under Devices and tokens."
        />
        <CardBody>
          <ConfirmDeviceForm code={pending?.userCode ?? code} deviceName={pending?.deviceName ?? null} loopback={loopback} />
        </CardBody>
      </Card>
    </>
  );
}
