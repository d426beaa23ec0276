import { describe, expect, it } from "vitest";
import { fieldErrorsOf, requestFormSchema } from "@/lib/requests/request-input";
import { requestFormProblems } from "./request-fields";

const valid = { roleId: "dev,logs", justification: "Investigate INC-1", durationMinutes: "60", clientKey: "abcdefgh-1234", breakGlass: "on" };

// The browser checks with requestFormProblems, the server parses with requestFormSchema: for every
// submission both must name the same fields with the same words.
const cases: Record<string, Record<string, unknown>> = {
  valid,
  "no role": { ...valid, roleId: "  " },
  "roles too long": { ...valid, roleId: "r".repeat(5000) },
  "hidden character in a role": { ...valid, roleId: "dev\u202E" },
  "short justification": { ...valid, justification: "  ab  " },
  "long justification": { ...valid, justification: "x".repeat(1001) },
  "control character in the justification": { ...valid, justification: "fix\u0000it now" },
  "line breaks in the justification": { ...valid, justification: "line one\nline two" },
  "empty ticket": { ...valid, ticket: "   " },
  "ticket with a space": { ...valid, ticket: "OPS 12" },
  "long ticket": { ...valid, ticket: "T".repeat(129) },
  "ticket with a line break": { ...valid, ticket: "OPS-1\n2" },
  "no duration": { ...valid, durationMinutes: "" },
  "duration not a number": { ...valid, durationMinutes: "soon" },
  "fractional duration": { ...valid, durationMinutes: "15.5" },
  "short duration": { ...valid, durationMinutes: "5" },
  "valid start": { ...valid, startAt: "2030-01-02T03:04:00.000Z" },
  "start with an offset": { ...valid, startAt: "2030-01-02T03:04+02:00" },
  "start without an offset": { ...valid, startAt: "2030-01-02T03:04:00" },
  "start not a date": { ...valid, startAt: "tomorrow" },
  "impossible start": { ...valid, startAt: "2030-13-40T25:00:00Z" },
  "bad client key": { ...valid, clientKey: "short" },
  "extension id with a control character": { ...valid, extendsId: "abc\u0007" },
  "everything wrong": { roleId: "", justification: "", durationMinutes: "x", ticket: "a b", startAt: "no", clientKey: "!" },
};

describe("the request form's checks and the server's schema", () => {
  for (const [name, fields] of Object.entries(cases)) {
    it(`agree on: ${name}`, () => {
      const parsed = requestFormSchema.safeParse(fields);
      const server = parsed.success ? {} : fieldErrorsOf(parsed.error);
      expect(requestFormProblems(fields)).toEqual(server);
    });
  }

  it("finds problems where the schema does (the comparison is not vacuous)", () => {
    expect(Object.keys(requestFormProblems(cases["everything wrong"]!))).toEqual([
      "roleId",
      "justification",
      "ticket",
      "durationMinutes",
      "startAt",
      "clientKey",
    ]);
    expect(requestFormProblems(valid)).toEqual({});
  });
});
