/**
 * Exact-match share of the address parser on `data/addresses.jsonl` (written before the parser).
 * Run: cd packages/incidents && pnpm exec tsx bench/addresses.ts
 */
import { readFileSync } from "node:fs";
import { parseAddress } from "../src/addresses/parse-address.js";
import { dataPath } from "../src/classification/dataset-files.js";

interface AddressCase {
  id: string;
  text: string;
  expected: Record<string, string> | null;
}

const cases = readFileSync(dataPath("addresses.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as AddressCase);
const sorted = (value: object | null): string => JSON.stringify(value && Object.entries(value).sort());
const misses: string[] = [];
let exact = 0;
for (const entry of cases) {
  const parsed = parseAddress(entry.text);
  const fields = parsed && Object.fromEntries(Object.entries(parsed).filter(([key]) => key !== "inRegister"));
  if (sorted(fields) === sorted(entry.expected)) exact += 1;
  else
    misses.push(
      `- ${entry.id} «${entry.text}»: got ${JSON.stringify(fields)}, expected ${JSON.stringify(entry.expected)}`,
    );
}
const withAddress = cases.filter((entry) => entry.expected !== null).length;
console.log(
  `Address strings: ${cases.length} (${withAddress} with an address, ${cases.length - withAddress} without). ` +
    `Parsed exactly: ${exact}/${cases.length} = ${((exact / cases.length) * 100).toFixed(1)}%.`,
);
if (misses.length > 0) console.log(misses.join("\n"));
