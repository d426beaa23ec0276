import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/**
 * "Next page" under a list read a page at a time: shown when the page is full (there may be more),
 * pointing past its last item; `first` goes back to the start once a later page is shown.
 */
export function NextPageLink({ href, first, label }: { href: string | null; first: string | null; label: string }) {
  if (!href && !first) return null;
  return (
    <nav aria-label={label} className="flex gap-3 border-t border-slate-100 px-4 py-3 sm:px-6">
      {first && (
        <Link href={first} className={buttonClasses("secondary")}>
          First page
        </Link>
      )}
      {href && (
        <Link href={href} className={buttonClasses("secondary")}>
          Next page
        </Link>
      )}
    </nav>
  );
}
