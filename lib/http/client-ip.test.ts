import { describe, expect, it } from "vitest";
import { clientIp, normalizeIp } from "./client-ip";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientIp", () => {
  it("without trusted proxies uses the last entry (what Next.js saw, or the client's claim)", () => {
    expect(clientIp(h("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientIp(h("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIp(h(), 0)).toBe("unknown");
  });
  it("with N trusted proxies takes the entry the outermost one appended, ignoring client-sent entries", () => {
    expect(clientIp(h("1.2.3.4, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(h("1.2.3.4, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    expect(clientIp(h("spoofed-garbage, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(h("203.0.113.9"), 2)).toBe("unknown");
  });
  it("normalizes ports, brackets and case, and refuses junk", () => {
    expect(normalizeIp("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("198.51.100.7:8080")).toBe("198.51.100.7");
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(normalizeIp("evil.example")).toBeNull();
    expect(clientIp(h("<script>"), 0)).toBe("unknown");
  });
});
