"use client";

import { startTransition, useState } from "react";
import { setFavouriteRoleAction } from "@/lib/actions/request-actions";

/** The person's starred roles: changed on screen at once, stored per person, put back if the server refuses. */
export function useFavouriteRoles(initial: string[]) {
  const [favourites, setFavourites] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  function favourite(roleId: string, on: boolean) {
    setError(null);
    setFavourites((now) => (on ? [...now, roleId] : now.filter((f) => f !== roleId)));
    startTransition(async () => {
      const result = await setFavouriteRoleAction({ roleId, favourite: on });
      if (!result.ok) {
        setFavourites((now) => (on ? now.filter((f) => f !== roleId) : [...now, roleId]));
        setError(result.error.message);
      }
    });
  }

  return { favourites, favourite, error };
}
