import { defineConfig } from 'drizzle-kit';

// The PostgreSQL dialect of the schema (issue 14); `npx drizzle-kit generate --config drizzle.pg.config.ts`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './src/db/migrations-pg',
});
