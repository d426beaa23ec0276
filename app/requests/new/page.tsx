import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { RequestForm } from "@/components/requests/request-form";
import { CompactRequestForm } from "@/components/requests/compact-request-form";
import { compactRoleOptions, extensionOption, groupByAccount, groupOf, roleOptions } from "@/components/requests/role-options";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { createRequestAction, setFavouriteRoleAction } from "@/lib/actions/request-actions";
import { requireActor } from "@/lib/auth/get-actor";
import { reauthUrl } from "@/lib/auth/reauth";
import { getDeps } from "@/lib/deps";
import { getRequestForViewer } from "@/lib/requests/queries";
import { loadRoleShortcuts } from "@/lib/requests/role-shortcuts";
import { formatDateTime } from "@/lib/time/format";
import { viewerZone } from "@/lib/time/viewer-zone";

export const metadata: Metadata = { title: "Request access" };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ role?: string; extend?: string; again?: string }> }) {
  const { role, extend, again } = await searchParams;
  const actor = await requireActor(
    extend ? `/requests/new?extend=${encodeURIComponent(extend)}` : again ? `/requests/new?again=${encodeURIComponent(again)}` : "/requests/new",
  );
  const deps = await getDeps();
  const catalog = deps.catalog;
  // Made when the form renders: a double click or a retried POST finds the request already made.
  const clientKey = randomUUID();

  if (extend) {
    const found = await getRequestForViewer(deps, actor, extend);
    const grant = found?.request;
    const option = found?.permissions.canExtend && grant?.role && grant.endsAt ? extensionOption(catalog, actor, grant.role, grant.rule) : null;
    const { zone } = await viewerZone();
    const returnTo = `/requests/new?extend=${encodeURIComponent(extend)}`;
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader
          title={grant?.set ? `Ask for more time for ${grant.role?.name ?? grant.roleId}` : "Ask for more time"}
          description={
            grant?.set
              ? `Lengthens ${grant.role?.name ?? grant.roleId} in ${grant.account?.name ?? grant.accountId} only. ${otherRoles(grant.set.members, grant.id)} ${grant.set.members.length > 2 ? "keep their" : "keeps its"} own end. Approvers decide it like a new request.`
              : "Lengthen your active access. Approvers decide it like a new request."
          }
        />
        <Card>
          {option && grant?.endsAt ? (
            <CardBody>
              <RequestForm
                groups={[groupOf(option)]}
                initialRoleId={option.id}
                clientKey={clientKey}
                extension={{ id: grant.id, endsAt: grant.endsAt.toISOString(), endsAtText: formatDateTime(grant.endsAt, zone) }}
                returnTo={returnTo}
                actorMfa={actor.mfa === true}
                mfaSignInUrl={reauthUrl("mfa", returnTo)}
                createRequest={createRequestAction}
                setFavouriteRole={setFavouriteRoleAction}
              />
            </CardBody>
          ) : (
            <EmptyState
              title="This access cannot be extended"
              description="Only your own active access can get more time, one extension at a time. Ask for new access instead."
              action={
                <div className="flex justify-center gap-3">
                  {found && (
                    <ButtonLink href={`/requests/${found.request.id}`} variant="secondary">
                      Back to the request
                    </ButtonLink>
                  )}
                  <ButtonLink href="/requests/new">Request access</ButtonLink>
                </div>
              }
            />
          )}
        </Card>
      </div>
    );
  }

  const options = roleOptions(catalog, actor);
  const groups = groupByAccount(catalog, options);
  const { favourites, recents } = await loadRoleShortcuts(deps, actor);
  // "Request again": only the person's own earlier request (anyone else's is simply not used), with
  // every role of a set that the person may still request.
  const earlier = again ? await getRequestForViewer(deps, actor, again) : null;
  const previous = earlier?.permissions.isOwnRequest ? earlier.request : null;
  const previousRoles = (previous?.set ? previous.set.members.map((m) => m.roleId) : previous ? [previous.roleId] : []).filter((id) =>
    options.some((o) => o.id === id),
  );
  const previousRequest = previous && previousRoles.length > 0 ? previous : null;

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={previousRequest ? "Request again" : "Request access"}
        description={
          previousRequest
            ? "The earlier request's roles, duration, ticket and reason are filled in: change what you need, then send."
            : "Ask for one role, or several at once, for a limited time. The roles' approvers decide."
        }
      />
      <Card>
        {options.length === 0 ? (
          <EmptyState title="No roles available to you" description="None of your groups may request any role. Ask your Frontdesk admin." />
        ) : (
          <CardBody>
            <CompactRequestForm
              options={compactRoleOptions(groups)}
              initialRoleId={previousRequest ? previousRoles.join(",") : options.some((o) => o.id === role) ? role : undefined}
              clientKey={clientKey}
              returnTo="/requests/new"
              actorMfa={actor.mfa === true}
              mfaSignInUrl={reauthUrl("mfa", "/requests/new")}
              createRequest={createRequestAction}
              setFavouriteRole={setFavouriteRoleAction}
              favourites={favourites}
              recents={recents}
              initialValues={
                previousRequest
                  ? {
                      justification: previousRequest.justification,
                      ticket: previousRequest.ticket ?? "",
                      durationMinutes: Math.round(previousRequest.durationSeconds / 60),
                    }
                  : undefined
              }
            />
          </CardBody>
        )}
      </Card>
    </div>
  );
}

/** The other roles of a set, for "… keep their own end": "Logs in Payments and Vault in Payments". */
function otherRoles(members: readonly { id: string; roleName: string; accountName: string }[], id: string): string {
  const names = members.filter((m) => m.id !== id).map((m) => `${m.roleName} in ${m.accountName}`);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
