import Link from "next/link";

/** The header without anything that needs the database or a session. */
export function BareHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-x-6 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
            F
          </span>
          Frontdesk
        </Link>
      </div>
    </header>
  );
}
