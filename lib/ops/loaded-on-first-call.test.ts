import { describe, expect, it } from "vitest";
import { loadedOnFirstCall } from "./loaded-on-first-call";

interface Greeter {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}

describe("loadedOnFirstCall", () => {
  it("loads nothing until a method is called, then loads once for every call", async () => {
    let loads = 0;
    let calls = 0;
    const greeter = loadedOnFirstCall<Greeter>({ greet: true, count: true }, async () => {
      loads += 1;
      return { greet: async (name) => `hello ${name}`, count: async () => ++calls };
    });
    expect(loads).toBe(0);
    expect(await Promise.all([greeter.greet("ana"), greeter.count(), greeter.count()])).toEqual(["hello ana", 1, 2]);
    expect(loads).toBe(1);
  });

  it("tries the load again after it failed, and passes errors of the methods through", async () => {
    let attempts = 0;
    const greeter = loadedOnFirstCall<Greeter>({ greet: true, count: true }, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("not yet");
      return {
        greet: async () => {
          throw new Error("refused");
        },
        count: async () => 7,
      };
    });
    await expect(greeter.count()).rejects.toThrow("not yet");
    expect(await greeter.count()).toBe(7);
    await expect(greeter.greet("bo")).rejects.toThrow("refused");
    expect(attempts).toBe(2);
  });
});
