// A local stand-in for AWS's SAML sign-in endpoint (https://signin.aws.amazon.com/saml), for the
// demo and the tests: it takes the real wire format (a form POST of SAMLResponse), validates the
// response against Frontdesk's published IdP metadata as AWS does, and shows the console session it
// would start. AWS itself cannot be reached from these machines.
import { createServer } from "node:http";
import { verifyAwsSamlResponse } from "./aws-idp-checks";
import { escapeHtml, htmlPage, readForm, sendHtml } from "./html";
import { LOOPBACK, closeServer, listen } from "./net";

export interface SamlSigninStandIn {
  /** Where Frontdesk posts (AWS_SAML_SIGNIN_URL); AWS's own address is the Recipient it checks. */
  url: string;
  stop(): Promise<void>;
}

export async function startSamlSigninStandIn(options: {
  port: number;
  /** Frontdesk's published metadata (fetched per sign-in, so rotation shows at once). */
  metadata: () => Promise<string>;
  /** The Recipient/Destination AWS expects: the partition's real endpoint. */
  recipient?: string;
}): Promise<SamlSigninStandIn> {
  const recipient = options.recipient ?? "https://signin.aws.amazon.com/saml";
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== "POST" || !req.url?.startsWith("/saml")) return sendHtml(res, 404, htmlPage("Not found", "<p>Not found</p>"));
      const form = await readForm(req, 200_000);
      const samlResponse = form.get("SAMLResponse") ?? "";
      try {
        const session = await verifyAwsSamlResponse(samlResponse, await options.metadata(), recipient);
        const [roleArn] = (session.attributes.Role?.[0] ?? "").split(",");
        const rows = Object.entries(session.attributes)
          .map(([name, values]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(values.join(", "))}</td></tr>`)
          .join("");
        sendHtml(
          res,
          200,
          htmlPage(
            "AWS console (stand-in)",
            `<h1>Signed in to the AWS console</h1><p>Role <code>${escapeHtml(roleArn)}</code> as <code>${escapeHtml(session.nameId)}</code>, session until ${escapeHtml(session.sessionNotOnOrAfter ?? "")}.</p><table>${rows}</table>`,
          ),
        );
      } catch (error) {
        sendHtml(
          res,
          403,
          htmlPage("Sign-in refused", `<h1>Your request included an invalid SAML response.</h1><p>${escapeHtml((error as Error).message)}</p>`),
        );
      }
    })().catch(() => sendHtml(res, 500, htmlPage("Error", "<p>Stand-in error</p>")));
  });
  const port = await listen(server, options.port, "SAML sign-in stand-in");
  return { url: `http://${LOOPBACK}:${port}/saml`, stop: () => closeServer(server) };
}
