import { describe, expect, it } from "vitest";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { canTransition, effectiveStatus, isTerminal, isWindowOpen, TRANSITIONS } from "./state";

const ALL = Object.keys(TRANSITIONS) as RequestStatus[];

describe("request state machine", () => {
  it("allows exactly the documented transitions", () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        "PENDING->APPROVED",
        "PENDING->DENIED",
        "PENDING->CANCELLED",
        "PENDING->EXPIRED",
        "APPROVED->ACTIVE",
        "APPROVED->REVOKED",
        "APPROVED->ENDED",
        "ACTIVE->ENDED",
        "ACTIVE->REVOKED",
      ].sort(),
    );
  });

  it("never leaves a terminal state", () => {
    for (const status of ["ENDED", "DENIED", "CANCELLED", "EXPIRED", "REVOKED"] as const) {
      expect(isTerminal(status)).toBe(true);
      expect(ALL.some((to) => canTransition(status, to))).toBe(false);
    }
    expect(isTerminal("PENDING")).toBe(false);
  });

  const now = new Date("2026-01-01T10:00:00Z");
  const active = { status: "ACTIVE" as const, startsAt: new Date("2026-01-01T09:00:00Z"), endsAt: new Date("2026-01-01T11:00:00Z") };

  it("shows an active grant past its end as ended", () => {
    expect(effectiveStatus(active, now)).toBe("ACTIVE");
    expect(effectiveStatus(active, active.endsAt)).toBe("ENDED");
    expect(effectiveStatus({ status: "DENIED", endsAt: null }, now)).toBe("DENIED");
  });

  it("opens the window only while active and inside it", () => {
    expect(isWindowOpen(active, now)).toBe(true);
    expect(isWindowOpen(active, active.endsAt)).toBe(false);
    expect(isWindowOpen(active, new Date("2026-01-01T08:59:59Z"))).toBe(false);
    expect(isWindowOpen({ ...active, status: "REVOKED" }, now)).toBe(false);
    expect(isWindowOpen({ ...active, status: "PENDING" }, now)).toBe(false);
  });
});
