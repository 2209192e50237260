/** Column types drizzle's pg-core lacks as a builder: raw bytes (hashes) as Buffers. */
import { customType } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});
