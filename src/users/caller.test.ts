import { describe, expect, it } from "vitest";
import { visibleOwner } from "./caller.ts";

describe("visibleOwner", () => {
  it("lets an admin read every owner's rows unless they ask for their own", () => {
    const admin = { userId: "usr_admin", role: "admin" } as const;
    expect(visibleOwner(admin)).toBeUndefined();
    expect(visibleOwner(admin, { everyone: true })).toBeUndefined();
    expect(visibleOwner(admin, { everyone: false })).toBe("usr_admin");
  });

  it("keeps everyone else to their own rows, whatever they ask", () => {
    for (const role of ["teacher", "student"] as const) {
      const caller = { userId: `usr_${role}`, role };
      expect(visibleOwner(caller)).toBe(caller.userId);
      expect(visibleOwner(caller, { everyone: true })).toBe(caller.userId);
    }
  });
});
