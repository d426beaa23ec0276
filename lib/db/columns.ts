// A model's columns named one by one, for hand-written SQL that reads whole rows. A statement that
// says * instead cannot be kept prepared (preparedStatementName: a migration that adds a column
// would change its cached result), so PostgreSQL would parse and plan it on every call; named
// columns can, and still read the row whole as this build's schema has it (Prisma's own list of
// the model's fields), whatever a later migration adds.
import { Prisma } from "@/lib/generated/prisma/client";

function columnsOf(fields: Record<string, string>, alias: string): Prisma.Sql {
  return Prisma.raw(
    Object.values(fields)
      .map((field) => `${alias}."${field}"`)
      .join(", "),
  );
}

/** Every column of "AccessRequest" under the table alias given (a plain identifier). */
export const accessRequestColumns = (alias: string): Prisma.Sql => columnsOf(Prisma.AccessRequestScalarFieldEnum, alias);
