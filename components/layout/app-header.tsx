import Link from "next/link";
import { setTimeZoneAction } from "@/lib/actions/profile-actions";
import { getActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { can } from "@/lib/policy/permissions";
import { viewerZone } from "@/lib/time/viewer-zone";
import { NavLink } from "./nav-link";
import { ProfileMenu } from "./deferred";
import { SignOutButton } from "./sign-out-button";

export async function AppHeader() {
  const actor = await getActor();
  const { catalog } = await getDeps();
  const approves = actor ? can(actor, "approvals.view", null, catalog) : false;
  const seesCatalog = actor ? can(actor, "catalog.view", null, catalog) : false;
  const seesAudit = actor ? can(actor, "audit.view", null, catalog) : false;
  const seesSessions = actor ? can(actor, "sessions.end", null, catalog) : false;
  const { zone, fixed } = await viewerZone();
  const seesKeys = actor ? can(actor, "signing-keys.view", null, catalog) : false;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
            F
          </span>
          Frontdesk
        </Link>
        {actor && (
          <>
            <nav aria-label="Main" className="-mx-1 flex flex-wrap gap-1">
              <NavLink href="/requests">My access</NavLink>
              {approves && <NavLink href="/approvals">Approvals</NavLink>}
              {seesCatalog && <NavLink href="/admin/catalog">Catalog</NavLink>}
              {seesAudit && <NavLink href="/admin/audit">Audit</NavLink>}
              {seesSessions && <NavLink href="/admin/sessions">Sessions</NavLink>}
              {seesKeys && <NavLink href="/admin/keys">Keys</NavLink>}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <ProfileMenu name={actor.name} email={actor.email} zone={zone} fixed={fixed} setTimeZone={setTimeZoneAction} />
              <SignOutButton />
            </div>
          </>
        )}
      </div>
    </header>
  );
}
