import type { Metadata } from "next";
import { ConfirmDeviceForm } from "@/components/devices/confirm-device-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { findPendingDevice } from "@/lib/api/device-flow";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";

export const metadata: Metadata = { title: "Sign in a terminal" };
export const dynamic = "force-dynamic";

export default async function DevicePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const asked = (await searchParams).code;
  const code = typeof asked === "string" ? asked.slice(0, 20) : "";
  await requireActor(code ? `/device?code=${encodeURIComponent(code)}` : "/device");
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
          <ConfirmDeviceForm code={pending?.userCode ?? code} deviceName={pending?.deviceName ?? null} />
        </CardBody>
      </Card>
    </>
  );
}
