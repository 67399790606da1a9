import type { OutboundPhoto } from "../../src/connector/outbound.js";

/** A tiny valid JPEG-shaped file (the local servers check that a file arrived, not its pixels). */
export function photo(name: string, bytes = 2_048): OutboundPhoto {
  const data = new Uint8Array(bytes);
  data.set([0xff, 0xd8, 0xff, 0xe0]);
  return { filename: name, contentType: "image/jpeg", data };
}
