// Nothing to start. This file must exist: without it, Turbopack's build takes the instrumentation
// hook of the repository root (Frontdesk's own boot) for this app's.
export function register() {}
