import { defineConfig } from "drizzle-kit";

// Generates the SQL migrations committed in `drizzle/`; the service applies them at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  strict: true,
});
