import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { listSigningKeysAsAdmin, type KeyStatus } from "@/lib/federation/list-signing-keys";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Signing keys" };
export const dynamic = "force-dynamic";

const TONE: Record<KeyStatus, Tone> = {
  signing: "success",
  "published, signs later": "info",
  "retiring (still published)": "warning",
  "expired (removed at the next rotation)": "neutral",
};

export default async function SigningKeysPage() {
  const actor = await requireActor("/admin/keys");
  const deps = await getDeps();
  if (!can(actor, "signing-keys.view", null, deps.catalog)) notFound();
  const view = await listSigningKeysAsAdmin(deps, { actor });
  const { publication } = view;
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="The keys Frontdesk signs web-identity tokens and SAML assertions with, as the identity provider AWS trusts. Public facts only: private keys never leave the database encrypted."
      />
      {!view.configured && (
        <Card className="mb-6">
          <CardBody>
            <p className="text-sm text-slate-700">
              Frontdesk is not set up as an identity provider: FRONTDESK_SIGNING_KEY_SECRET is not set, so web-identity and saml roles cannot be minted.
            </p>
          </CardBody>
        </Card>
      )}
      {view.configured && (
        <Card className="mb-6">
          <CardHeader
            title="Keys in use"
            description={view.nextRotation ? undefined : "No key yet: the first is created at the first mint, document read or publish job."}
          />
          <Table caption="Signing keys">
            <thead className="bg-slate-50">
              <tr>
                <Th>Key id (kid)</Th>
                <Th>Status</Th>
                <Th>Created</Th>
                <Th>Signs from</Th>
                <Th>Signs until</Th>
                <Th>Published until</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.keys.map((key) => (
                <tr key={key.kid}>
                  <Td>
                    <p className="break-all font-mono text-xs text-slate-900">{key.kid}</p>
                    <p className="text-xs text-slate-500">
                      generation {key.generation}, {key.origin}
                    </p>
                  </Td>
                  <Td>
                    <Badge tone={TONE[key.status]}>{key.status}</Badge>
                  </Td>
                  <Td>
                    <Time date={key.createdAt} />
                  </Td>
                  <Td>
                    <Time date={key.signsFrom} />
                  </Td>
                  <Td>{key.signsUntil ? <Time date={key.signsUntil} /> : "until a successor takes over"}</Td>
                  <Td>{key.publishedUntil ? <Time date={key.publishedUntil} /> : "while it signs"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {view.nextRotation && (
            <CardBody>
              <p className="text-sm text-slate-700">
                Next rotation: a new key is published from <Time date={view.nextRotation.createdAt} /> and signs from{" "}
                <Time date={view.nextRotation.signsFrom} />. For saml roles, re-upload the metadata to each IAM SAML provider in between.
              </p>
            </CardBody>
          )}
        </Card>
      )}
      <Card>
        <CardHeader title="Where the documents are published" />
        <CardBody>
          <dl className="grid gap-2 text-sm sm:grid-cols-4">
            <dt className="font-medium text-slate-900">Discovery document</dt>
            <dd className="break-all font-mono text-xs sm:col-span-3">{publication.discovery}</dd>
            <dt className="font-medium text-slate-900">JWKS</dt>
            <dd className="break-all font-mono text-xs sm:col-span-3">{publication.jwks}</dd>
            <dt className="font-medium text-slate-900">SAML metadata</dt>
            <dd className="break-all font-mono text-xs sm:col-span-3">{publication.samlMetadata}</dd>
            <dt className="font-medium text-slate-900">Directory copy</dt>
            <dd className="break-all font-mono text-xs sm:col-span-3">{publication.directory ?? "none (FRONTDESK_IDP_PUBLISH_DIR not set)"}</dd>
            <dt className="font-medium text-slate-900">S3 bucket</dt>
            <dd className="break-all font-mono text-xs sm:col-span-3">{publication.bucket ?? "none (FRONTDESK_IDP_PUBLISH_BUCKET not set)"}</dd>
          </dl>
        </CardBody>
      </Card>
    </>
  );
}
