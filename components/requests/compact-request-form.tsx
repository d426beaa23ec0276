"use client";

import { useMemo, type ComponentProps } from "react";
import { RequestForm } from "./request-form";
import { expandRoleOptions, type CompactRoleOptions } from "./role-options";

/**
 * The request form fed from the compact role options: the page's data carries each rule's details
 * once instead of once per role, and the options are rebuilt here in the browser.
 */
export function CompactRequestForm({ options, ...props }: Omit<ComponentProps<typeof RequestForm>, "groups"> & { options: CompactRoleOptions }) {
  const groups = useMemo(() => expandRoleOptions(options), [options]);
  return <RequestForm groups={groups} {...props} />;
}
