import { fieldName, toProblems } from "./problems";

describe("toProblems", () => {
  const known = ["title", "quiet_hours", "quiet_hours.start"];

  it("puts each refused field's message by that field", () => {
    const error = { detail: [{ loc: ["body", "title"], msg: "too short", type: "string_too_short" }] };
    expect(toProblems(error, known, "oops")).toEqual({ fields: { title: "too short" }, general: null });
  });

  it("takes the closest field the form has, and keeps the rest general", () => {
    const error = {
      detail: [
        { loc: ["body", "quiet_hours", "start", 0], msg: "bad time", type: "x" },
        { loc: ["body", "quiet_hours"], msg: "same start and end", type: "x" },
        { loc: ["body", "owner"], msg: "unknown field", type: "x" },
      ],
    };
    expect(toProblems(error, known, "oops")).toEqual({
      fields: { "quiet_hours.start": "bad time", quiet_hours: "same start and end" },
      general: "unknown field",
    });
  });

  it("gives a string detail, or the fallback, as the general message", () => {
    expect(toProblems({ detail: "wrong password" }, known, "oops").general).toBe("wrong password");
    expect(toProblems(undefined, known, "oops").general).toBe("oops");
  });

  it("reads a location past body, query or path", () => {
    expect(fieldName(["query", "limit"])).toBe("limit");
    expect(fieldName(["remind_before", 1])).toBe("remind_before.1");
  });
});
