/**
 * Session lifetimes. The cookie's JWT expires after `idleSeconds` without use (proxy.ts renews it
 * as the person browses); `maxSeconds` after sign-in the session ends however active (getActor).
 */
export function sessionLimits(env: { SESSION_IDLE_MINUTES: number; SESSION_MAX_HOURS: number }) {
  const maxSeconds = env.SESSION_MAX_HOURS * 60 * 60;
  return { idleSeconds: Math.min(env.SESSION_IDLE_MINUTES * 60, maxSeconds), maxSeconds };
}
