/** A yearly registration number a citizen can read out on the phone: «2026-004215». */
export interface RegistrationNumber {
  year: number;
  sequence: number;
}

/** Writes a registration number as `YYYY-NNNNNN` (the sequence padded to six digits). */
export function formatRegistrationNumber(number: RegistrationNumber): string {
  if (!Number.isInteger(number.year) || number.year < 2000 || number.year > 9999) {
    throw new RangeError(`Год вне диапазона / year out of range: ${number.year}`);
  }
  if (!Number.isInteger(number.sequence) || number.sequence < 1 || number.sequence > 999_999) {
    throw new RangeError(`Номер вне диапазона / sequence out of range: ${number.sequence}`);
  }
  return `${number.year}-${String(number.sequence).padStart(6, "0")}`;
}

/**
 * Reads a registration number as people type or dictate it: «2026-004215», «2026 4215», «№2026/004215».
 * Returns null for anything else.
 */
export function parseRegistrationNumber(text: string): RegistrationNumber | null {
  const match = /^\s*(?:№\s*)?(\d{4})\s*[-–—/\s]\s*(\d{1,6})\s*$/u.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 2000 || sequence < 1) return null;
  return { year, sequence };
}
