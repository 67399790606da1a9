// The database commands' process entry: `tsx src/cli/db.ts backup|restore|move …`.
import { parseEnv } from "../config/env.js";
import { describeFailure, parseDbCommand, runDbCommand } from "./db-command.js";

try {
  const command = parseDbCommand(process.argv.slice(2));
  await runDbCommand(command, parseEnv(process.env), { print: (line) => console.log(line) });
} catch (error) {
  console.error(describeFailure(error));
  process.exitCode = 1;
}
