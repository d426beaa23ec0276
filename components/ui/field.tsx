"use client";

import { createContext, useContext, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500";

/** What the field's control is described by: its error, else its hint, else nothing. */
const DescribedBy = createContext<string | undefined>(undefined);

/** A labelled form control with an optional hint and error, wired for screen readers. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <DescribedBy.Provider value={describedBy}>{children}</DescribedBy.Provider>
      {hint && !error && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-rose-600" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type ControlProps = { id: string; error?: string; className?: string };

function useControl({ id, error, className }: ControlProps) {
  return { id, name: id, "aria-invalid": Boolean(error), "aria-describedby": useContext(DescribedBy), className: cn(control, className) };
}

export function Input({ id, error, className, ...props }: InputHTMLAttributes<HTMLInputElement> & ControlProps) {
  return <input {...useControl({ id, error, className })} {...props} />;
}

export function Textarea({ id, error, className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & ControlProps) {
  return <textarea {...useControl({ id, error, className })} {...props} />;
}

export function Select({ id, error, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & ControlProps) {
  return <select {...useControl({ id, error, className: cn("pr-8", className) })} {...props} />;
}
