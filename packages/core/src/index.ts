// Ids

// Time
export { type Clock, type ManualClock, manualClock, systemClock } from "./clock/clock.js";

// Errors
export {
  conflict,
  ERROR_STATUS,
  type ErrorCode,
  type ErrorDetail,
  type ErrorStatus,
  forbidden,
  httpStatus,
  isOtklikError,
  notFound,
  OtklikError,
} from "./errors/errors.js";
export { fromZodError } from "./errors/zod.js";
export { ID_PREFIXES, type IdPrefix, idTime, isId, newId } from "./ids/ids.js";

// Shared zod primitives
export {
  decodeCursor,
  Email,
  encodeCursor,
  IsoDate,
  IsoInstant,
  NonEmptyText,
  type Page,
  Pagination,
  pageOf,
  RussianPhone,
} from "./schemas/primitives.js";
