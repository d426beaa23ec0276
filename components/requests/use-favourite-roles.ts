"use client";

import { startTransition, useState } from "react";
import type { setFavouriteRoleAction } from "@/lib/actions/request-actions";

/**
 * The person's starred roles: changed on screen at once, stored per person (`save`, the server
 * action) and put back if the server refuses.
 */
export function useFavouriteRoles(initial: string[], save: typeof setFavouriteRoleAction) {
  const [favourites, setFavourites] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  function favourite(roleId: string, on: boolean) {
    setError(null);
    setFavourites((now) => (on ? [...now, roleId] : now.filter((f) => f !== roleId)));
    startTransition(async () => {
      const result = await save({ roleId, favourite: on });
      if (!result.ok) {
        setFavourites((now) => (on ? now.filter((f) => f !== roleId) : [...now, roleId]));
        setError(result.error.message);
      }
    });
  }

  return { favourites, favourite, error };
}
