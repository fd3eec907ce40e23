import { z } from "zod";

/** The limits of each role before an admin changes them (docs/limits.md); `null` = unlimited. */
export const defaultRoleLimits = {
  student: { coursesPerHour: 5, coursesPerDay: 20, tokensPerDay: 300_000, burst: 2 },
  teacher: { coursesPerHour: 20, coursesPerDay: 100, tokensPerDay: 2_000_000, burst: 2 },
  admin: { coursesPerHour: 1_000, coursesPerDay: null, tokensPerDay: null, burst: 0 },
} as const;

const count = z.number().int().min(0).nullable();
const roleLimits = z.strictObject({
  coursesPerHour: count,
  coursesPerDay: count,
  tokensPerDay: count,
  burst: z.number().int().min(0),
});

/** The `limits` section of the config: seeds the limit settings table on first use. */
export const limitsSchema = z.strictObject({
  roles: z.strictObject({ student: roleLimits, teacher: roleLimits, admin: roleLimits }),
  globalCoursesPerHour: z.coerce
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .nullable(),
});
