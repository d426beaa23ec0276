import { AppHeader } from "./app-header";
import { BareHeader } from "./bare-header";

/** The header, or the bare one when it cannot be rendered (the layout must never fail with it). */
export async function SafeAppHeader() {
  try {
    return await AppHeader();
  } catch (error) {
    console.error("[frontdesk] header could not be rendered:", error);
    return <BareHeader />;
  }
}
