"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal dialog on the native <dialog> element: focus is trapped, Escape closes it and focus
 * returns to the element that opened it.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="dialog-title"
      className="m-auto w-full max-w-md rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="px-5 pt-5">
        <h2 id="dialog-title" className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
      </div>
      <div className="px-5 pb-5 pt-4">{children}</div>
    </dialog>
  );
}
