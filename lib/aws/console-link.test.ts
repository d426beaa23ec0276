import { describe, expect, it } from "vitest";
import { consoleDestinationUrl, createConsoleLink, federationEndpoint } from "./console-link";

describe("console destinations per partition", () => {
  it.each([
    ["aws", undefined, "/", "https://console.aws.amazon.com/"],
    ["aws", "us-east-1", "/ec2/home", "https://console.aws.amazon.com/ec2/home?region=us-east-1"],
    ["aws", "eu-west-1", "/ec2/home", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"],
    ["aws-us-gov", undefined, "/", "https://console.amazonaws-us-gov.com/"],
    ["aws-us-gov", "us-gov-east-1", "/s3/home", "https://us-gov-east-1.console.amazonaws-us-gov.com/s3/home?region=us-gov-east-1"],
    ["aws-cn", "cn-north-1", "/", "https://console.amazonaws.cn/?region=cn-north-1"],
    ["aws-cn", "cn-northwest-1", "/lambda/home", "https://cn-northwest-1.console.amazonaws.cn/lambda/home?region=cn-northwest-1"],
  ] as const)("%s %s %s", (partition, region, path, expected) => {
    expect(consoleDestinationUrl(partition, { path, region })).toBe(expected);
  });

  it("keeps a region the path already names", () => {
    expect(consoleDestinationUrl("aws", { path: "/ec2/home?region=us-west-2#Instances", region: "us-west-2" })).toBe(
      "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances",
    );
  });

  it("signs in at each partition's federation endpoint", () => {
    expect(federationEndpoint("aws")).toBe("https://signin.aws.amazon.com/federation");
    expect(federationEndpoint("aws-us-gov")).toBe("https://signin.amazonaws-us-gov.com/federation");
    expect(federationEndpoint("aws-cn")).toBe("https://signin.amazonaws.cn/federation");
  });
});

describe("createConsoleLink", () => {
  const credentials = { accessKeyId: "ASIAKEY", secretAccessKey: "wJalrSECRETKEY", sessionToken: "FQoSESSIONTOKEN", expiration: new Date() };

  it("exchanges the credentials at the partition's endpoint and builds the login URL", async () => {
    const calls: URL[] = [];
    const fetchImpl = (async (url: URL) => {
      calls.push(url);
      return Response.json({ SigninToken: "tok-123" });
    }) as unknown as typeof fetch;
    const link = new URL(
      await createConsoleLink({
        credentials,
        partition: "aws-us-gov",
        sessionDurationSeconds: 1800,
        destination: { path: "/ec2/home", region: "us-gov-east-1" },
        issuer: "https://frontdesk.example.com",
        fetchImpl,
      }),
    );
    expect(calls[0]!.origin + calls[0]!.pathname).toBe("https://signin.amazonaws-us-gov.com/federation");
    expect(calls[0]!.searchParams.get("SessionDuration")).toBe("1800");
    expect(JSON.parse(calls[0]!.searchParams.get("Session")!)).toEqual({ sessionId: "ASIAKEY", sessionKey: "wJalrSECRETKEY", sessionToken: "FQoSESSIONTOKEN" });
    expect(link.origin + link.pathname).toBe("https://signin.amazonaws-us-gov.com/federation");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      Action: "login",
      Issuer: "https://frontdesk.example.com",
      Destination: "https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1",
      SigninToken: "tok-123",
    });
  });

  it("omits SessionDuration when asked, and never echoes the credentials in errors", async () => {
    const seen: URL[] = [];
    const failing = (async (url: URL) => {
      seen.push(url);
      return new Response("Invalid credentials parameter", { status: 400 });
    }) as unknown as typeof fetch;
    const error = await createConsoleLink({ credentials, partition: "aws", issuer: "x", fetchImpl: failing }).catch((e: Error) => e);
    expect(seen[0]!.searchParams.has("SessionDuration")).toBe(false);
    expect(String((error as Error).message)).not.toMatch(/wJalrSECRETKEY|FQoSESSIONTOKEN|ASIAKEY/);
  });
});
