import { ApiToken, User } from "@otklik/identity";
import { documented } from "./route-support.js";

/** Identity's records that several route files answer, named once for the OpenAPI document. */
export const UserSchema = documented(User, "User");
export const ApiTokenSchema = documented(ApiToken, "ApiToken");
