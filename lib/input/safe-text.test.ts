import { describe, expect, it } from "vitest";
import { identifierField, revealHiddenCharacters, storableText, textField, textProblem } from "./safe-text";

describe("textProblem", () => {
  it("refuses NUL and other control characters; line breaks only in multi-line text", () => {
    expect(textProblem("abc\u0000")).toBe("control");
    expect(textProblem("a\u0007b")).toBe("control");
    expect(textProblem("a\u009bb")).toBe("control");
    expect(textProblem("line\nbreak")).toBe("control");
    expect(textProblem("line\nbreak\ttab\r\n", { multiline: true })).toBeNull();
    expect(textProblem("a\u0000b", { multiline: true })).toBe("control");
  });
  it("refuses bidirectional controls, zero-width and other invisible characters", () => {
    for (const ch of ["\u202E", "\u202A", "\u2066", "\u2069", "\u200B", "\u200D", "\u200E", "\u2060", "\uFEFF", "\u00AD", "\u061C", "\u{E0041}"]) {
      expect(textProblem(`prod${ch}read`), JSON.stringify(ch)).toBe("hidden");
    }
  });
  it("refuses broken UTF-16 (a lone surrogate)", () => {
    expect(textProblem("a\uD800b")).toBe("encoding");
  });
  it("accepts ordinary text in any script, emoji included", () => {
    for (const text of ["Deploy hotfix for OPS-1234", "Déploiement urgent", "緊急対応", "Починить базу", "🚒 incident ❤️", "a-b_c.d@e"]) {
      expect(textProblem(text)).toBeNull();
    }
  });
});

describe("fields", () => {
  it("an identifier field names the field in its message", () => {
    const result = identifierField("The role").safeParse("ops\u0000");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("The role contains a control character (such as NUL). Remove it and try again.");
    expect(identifierField("The role").safeParse("  prod-admin ").data).toBe("prod-admin");
  });
  it("a text field explains hidden characters", () => {
    const result = textField("The justification", { multiline: true }).safeParse("fix \u202Edaer-dorp");
    expect(result.error?.issues[0]?.message).toMatch(/^The justification contains an invisible or text-direction character/);
  });
});

describe("storableText and revealHiddenCharacters", () => {
  it("make any value storable and any hidden character visible", () => {
    expect(storableText("a\u0000b\uD800c")).toBe("a\uFFFDb\uFFFDc");
    expect(storableText("x".repeat(600), 500)).toHaveLength(500);
    expect(revealHiddenCharacters("prod\u202Eread\u200B")).toBe("prod⟦U+202E⟧read⟦U+200B⟧");
    expect(revealHiddenCharacters("tag\u{E0041}")).toBe("tag⟦U+E0041⟧");
    expect(revealHiddenCharacters("plain")).toBe("plain");
  });
});
