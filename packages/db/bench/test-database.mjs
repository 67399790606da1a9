// How long a fresh migrated test database takes, per backend. Not a test: run it by hand after
// a build, `node bench/test-database.mjs` (set OTKLIK_TEST_DATABASE_URL for PostgreSQL too).
import { createTestDatabase, testBackends } from "../dist/testing.js";

const ROUNDS = 5;

for (const backend of testBackends()) {
  const first = performance.now();
  await (await createTestDatabase({ backend })).close();
  const firstMs = performance.now() - first;
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const db = await createTestDatabase({ backend });
    times.push(performance.now() - started);
    await db.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${backend}: first in this process ${firstMs.toFixed(0)} ms (template cached on disk or on the server: ` +
      `see README), then median ${median.toFixed(0)} ms over ${ROUNDS} (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`,
  );
}
