import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500";

/** A labelled form control with an optional hint and error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
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

function describedBy(id: string, error?: string) {
  return error ? `${id}-error` : `${id}-hint`;
}

export function Input({ id, error, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { id: string; error?: string }) {
  return <input id={id} name={id} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error)} className={cn(control, className)} {...props} />;
}

export function Textarea({ id, error, className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; error?: string }) {
  return <textarea id={id} name={id} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error)} className={cn(control, className)} {...props} />;
}

export function Select({ id, error, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { id: string; error?: string }) {
  return <select id={id} name={id} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error)} className={cn(control, "pr-8", className)} {...props} />;
}
