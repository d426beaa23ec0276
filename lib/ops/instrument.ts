// Latency and error metrics for the outside services Frontdesk calls, added around the gateways
// the use cases already receive (nothing inside them changes).
import type { AwsDirectory } from "@/lib/aws/directory";
import type { AwsGateway } from "@/lib/aws/gateway";
import type { NotificationChannels } from "@/lib/notify/channels";
import { timeCall } from "./metrics";

/** Every method of `target`, timed under `service(method)` with the method's name as operation. */
function instrumentCalls<T extends object>(target: T, service: (method: string) => string): T {
  const wrapped = { ...target } as Record<string, unknown>;
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== "function") continue;
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => timeCall(service(name), name, () => fn.apply(target, args));
  }
  return wrapped as T;
}

const AWS_SERVICE: Record<string, string> = {
  assumeRole: "sts",
  assumeRoleWithWebIdentity: "sts",
  assumeRoleWithSaml: "sts",
  consoleLink: "federation",
  callerArn: "sts",
  putPublicObject: "s3",
};

export function instrumentAwsGateway(gateway: AwsGateway): AwsGateway {
  return instrumentCalls(gateway, (method) => AWS_SERVICE[method] ?? "iam");
}

export function instrumentAwsDirectory(directory: AwsDirectory): AwsDirectory {
  return instrumentCalls(directory, (method) => AWS_SERVICE[method] ?? "iam");
}

export function instrumentNotificationChannels(channels: NotificationChannels): NotificationChannels {
  return {
    ...channels,
    slack: channels.slack && instrumentCalls(channels.slack, () => "slack"),
    mailer: channels.mailer && instrumentCalls(channels.mailer, () => "mail"),
  };
}
