// Writes docs/schema/vNNNN.sql for every migration step, from a fresh in-memory database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../electron/db/open';
import { migrations } from '../electron/db/migrations';
import { dumpSchema } from '../electron/db/schema-dump';

const outDir = path.resolve(import.meta.dirname, '..', 'docs', 'schema');
fs.mkdirSync(outDir, { recursive: true });
const db = new Database(':memory:');
let from = 0;
for (const { version } of migrations) {
  migrate(db, from, version);
  from = version;
  const file = path.join(outDir, `v${String(version).padStart(4, '0')}.sql`);
  fs.writeFileSync(file, dumpSchema(db));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
