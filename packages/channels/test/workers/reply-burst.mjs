// One worker process of the two-process rate-limit test: it shares the test's PostgreSQL
// database and sends its share of replies through the built package, throttled in the database.

import { systemClock } from "@otklik/core";
import { connect } from "@otklik/db";
import { createDatabaseThrottle, createVkConnector } from "../../dist/index.js";

const [databaseUrl, baseUrl, groupId, communityToken, worker, count] = process.argv.slice(2);
const db = await connect({
  url: databaseUrl,
  maxConnections: 4,
  applicationName: `channels-worker-${worker}`,
});
try {
  const vk = createVkConnector({
    settings: { groupId: Number(groupId), baseUrl },
    secrets: { communityToken, callbackSecret: "s", confirmationCode: "c" },
    throttle: createDatabaseThrottle({ db, clock: systemClock }),
  });
  await Promise.all(
    Array.from({ length: Number(count) }, (_, index) =>
      vk.sendReply(
        { text: `Ответ ${worker}-${index}`, conversationId: `-${groupId}_2209` },
        { idempotencyKey: `worker-${worker}-${index}` },
      ),
    ),
  );
} finally {
  await db.close();
}
