"use client";

// Shown when even the root layout fails. It renders its own document and needs nothing else.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem", color: "#0f172a" }}>
        <h1 style={{ fontSize: "1.125rem" }}>Frontdesk is temporarily unavailable</h1>
        <p>
          Frontdesk could not show this page. This is usually temporary: try again in a minute. Console sessions and credentials you already have keep working
          in AWS until they expire.
        </p>
        {error.digest && <p style={{ color: "#64748b", fontSize: "0.875rem" }}>Reference: {error.digest}</p>}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
