import { join } from 'node:path';
import { openDatabase } from '../src/storage/openDatabase.ts';
import { buildLog } from './buildLog.ts';
import { cleanUp, tempDir } from './scratch.ts';
const db = await openDatabase({ sqlitePath: join(tempDir('x'), 'e.db') });
await buildLog(db, Number(process.env.N ?? 100000), Number(process.env.B ?? 4096));
await db.close();
await cleanUp();
