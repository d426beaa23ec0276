"use client";

// Choosing one or several roles among many (hundreds of accounts): a combobox with a
// multi-select listbox (the WAI-ARIA combobox pattern). Typing searches role, account name or id
// and OU; with nothing typed it offers the person's favourites and recent roles. Arrow keys move,
// Enter or a click adds or removes a role, Escape closes. Chosen roles stay listed above, each with
// its star (a favourite, stored per person) and a remove button.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { MAX_ROLES_PER_REQUEST } from "@/lib/policy/evaluate-request-set";
import { indexRoles, searchRoles } from "./role-search";
import type { RoleOption } from "./role-options";

/** Matches listed at once: enough to scan, few enough to render instantly on a phone. */
const SHOWN = 50;

interface Section {
  title: string;
  roles: RoleOption[];
}

export function RolePicker({
  roles,
  chosen,
  onChange,
  favourites,
  onFavourite,
  recents,
  error,
}: {
  roles: RoleOption[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  favourites: string[];
  onFavourite: (roleId: string, favourite: boolean) => void;
  recents: string[];
  error?: string;
}) {
  const id = useId();
  const inputId = "roleId";
  const listId = `${id}-list`;
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const index = useMemo(() => indexRoles(roles), [roles]);
  const byId = useMemo(() => new Map(roles.map((r) => [r.id, r])), [roles]);

  const sections: Section[] = useMemo(() => {
    if (query.trim()) {
      const { matches, total } = searchRoles(index, query, SHOWN);
      return [
        {
          title: total > matches.length ? `${matches.length} of ${total} matches: keep typing to narrow` : `${total} ${total === 1 ? "match" : "matches"}`,
          roles: matches,
        },
      ];
    }
    const pick = (ids: string[]) => ids.map((r) => byId.get(r)).filter((r): r is RoleOption => r !== undefined);
    const list: Section[] = [
      { title: "Favourites", roles: pick(favourites) },
      { title: "Recent", roles: pick(recents.filter((r) => !favourites.includes(r))) },
    ];
    // A small catalog is simply listed; a large one asks for a search.
    if (roles.length <= SHOWN) {
      const shortcut = new Set([...favourites, ...recents]);
      list.push({ title: shortcut.size > 0 ? "Other roles" : "All roles", roles: roles.filter((r) => !shortcut.has(r.id)) });
    }
    return list.filter((s) => s.roles.length > 0);
  }, [query, index, byId, favourites, recents, roles]);

  const flat = sections.flatMap((s) => s.roles);
  const current = flat[Math.min(active, flat.length - 1)];
  const optionId = (roleId: string) => `${id}-option-${roleId}`;
  const full = chosen.length >= MAX_ROLES_PER_REQUEST;

  function toggle(roleId: string) {
    if (chosen.includes(roleId)) onChange(chosen.filter((r) => r !== roleId));
    else if (!full) onChange([...chosen, roleId]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const move = (to: number) => {
      event.preventDefault();
      setOpen(true);
      setActive(Math.max(0, Math.min(flat.length - 1, to)));
    };
    if (event.key === "ArrowDown") move(open ? active + 1 : 0);
    else if (event.key === "ArrowUp") move(active - 1);
    else if (event.key === "Home" && open) move(0);
    else if (event.key === "End" && open) move(flat.length - 1);
    else if (event.key === "Enter" && open && current) {
      event.preventDefault();
      toggle(current.id);
    } else if (event.key === "Escape") {
      if (open) event.preventDefault();
      setOpen(false);
    } else if (event.key === "Backspace" && !query && chosen.length > 0) {
      onChange(chosen.slice(0, -1));
    }
  }

  let position = -1;
  return (
    <div className="space-y-2">
      {chosen.length > 0 && (
        <ul aria-label="Chosen roles" className="flex flex-wrap gap-2">
          {chosen.map((roleId) => {
            const role = byId.get(roleId);
            const label = role?.label ?? roleId;
            const starred = favourites.includes(roleId);
            return (
              <li
                key={roleId}
                className="flex max-w-full items-center gap-1 rounded-md bg-indigo-50 py-1 pr-1 pl-2 text-sm text-indigo-900 ring-1 ring-indigo-200"
              >
                <span className="min-w-0 truncate">{label}</span>
                <button
                  type="button"
                  aria-pressed={starred}
                  aria-label={`Favourite ${label}`}
                  title={starred ? "Remove from favourites" : "Add to favourites"}
                  onClick={() => onFavourite(roleId, !starred)}
                  className="rounded px-1.5 py-1 text-amber-600 hover:bg-indigo-100 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
                >
                  {starred ? "★" : "☆"}
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${label}`}
                  onClick={() => toggle(roleId)}
                  className="rounded px-1.5 py-1 hover:bg-indigo-100 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="relative">
        <input
          ref={input}
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && current ? optionId(current.id) : undefined}
          aria-invalid={Boolean(error)}
          aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ""}`}
          autoComplete="off"
          spellCheck={false}
          value={query}
          placeholder={`Search ${roles.length} roles by account, role or OU`}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className={cn(
            "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:ring-inset",
            error && "ring-rose-400",
          )}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label="Roles"
          aria-multiselectable="true"
          hidden={!open}
          className="absolute z-20 mt-1 max-h-80 w-full overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
        >
          {sections.length === 0 && (
            <li role="presentation" className="px-3 py-2 text-slate-500">
              {query.trim() ? "No role matches. Try an account id, an account name or an OU." : "Type to search by account name or id, role or OU."}
            </li>
          )}
          {sections.map((section) => (
            <li key={section.title} role="presentation">
              <div role="presentation" className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {section.title}
              </div>
              <ul role="group" aria-label={section.title}>
                {section.roles.map((role) => {
                  position += 1;
                  const here = position;
                  const selected = chosen.includes(role.id);
                  return (
                    <li
                      key={role.id}
                      id={optionId(role.id)}
                      role="option"
                      aria-selected={selected}
                      aria-disabled={!selected && full}
                      // Keeps the focus in the input, so typing and arrows go on working.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => toggle(role.id)}
                      onMouseMove={() => setActive(here)}
                      className={cn("flex cursor-pointer items-start gap-2 px-3 py-2", here === active && "bg-indigo-50", selected && "font-medium")}
                    >
                      <span aria-hidden="true" className="w-4 shrink-0 text-indigo-600">
                        {selected ? "✓" : ""}
                      </span>
                      <span className="min-w-0">
                        <span className="block break-words text-slate-900">{role.label}</span>
                        {role.ou && <span className="block text-xs break-words text-slate-500">OU {role.ou}</span>}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      </div>
      <p id={`${inputId}-hint`} className="text-sm text-slate-500">
        {chosen.length === 0
          ? "Choose one role, or several for one request with one approval."
          : chosen.length === 1
            ? (byId.get(chosen[0]!)?.description ?? "") || "Add more roles to ask for them together."
            : `${chosen.length} roles, asked for together: one approval, each role's own access. The strictest rule among them applies.`}
      </p>
    </div>
  );
}
