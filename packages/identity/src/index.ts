// Who acts
export {
  type Actor,
  type AnonymousActor,
  actorId,
  anonymousActor,
  type SystemActor,
  systemActor,
  type TokenActor,
  type UserActor,
} from "./access/actor.js";
export { assertInScope, isInScope, scopeToDepartment } from "./access/department-scope.js";
export {
  PERMISSION_NAMES,
  PERMISSIONS,
  type Permission,
  type Reach,
  reachOf,
  TOKEN_SCOPE_PERMISSIONS,
} from "./access/permissions.js";
export {
  type DepartmentScope,
  permissionScope,
  requirePermission,
  requireSignedInUser,
  SIGN_IN_REQUIRED,
} from "./access/require-permission.js";
export { ROLE_DESCRIPTIONS, ROLES, Role } from "./access/roles.js";

// Audit log
export { AuditEntry, AuditQuery } from "./audit/audit-entry.js";
export { auditChange, auditSnapshot, PERSONAL_DATA_MARK } from "./audit/audit-snapshot.js";
export { listAudit } from "./audit/list-audit.js";
export { type AuditRecord, recordAudit, recordAudits } from "./audit/record-audit.js";

// Services and settings
export type { ServiceContext } from "./context.js";
export { identityMigrations } from "./migrations.js";
// Organisation
export { createDepartment } from "./organisation/create-department.js";
export { createOfficial } from "./organisation/create-official.js";
export {
  Department,
  DepartmentChanges,
  DepartmentContacts,
  DepartmentPublicCard,
  NewDepartment,
} from "./organisation/department.js";
export { getDepartment } from "./organisation/get-department.js";
export { getOfficial } from "./organisation/get-official.js";
export { DepartmentQuery, listDepartments } from "./organisation/list-departments.js";
export { listOfficials, OfficialQuery } from "./organisation/list-officials.js";
export { listPublicDepartments, type PublicDepartment } from "./organisation/list-public-departments.js";
export { NewOfficial, Official, OfficialChanges } from "./organisation/official.js";
export { updateDepartment } from "./organisation/update-department.js";
export { updateOfficial } from "./organisation/update-official.js";
export { confirmPasswordReset, PasswordResetConfirmation } from "./password-reset/confirm-password-reset.js";
export {
  type PasswordResetOutcome,
  PasswordResetRequest,
  requestPasswordReset,
} from "./password-reset/request-password-reset.js";
// Passwords
export {
  hashPassword,
  needsRehash,
  type PasswordHashing,
  PRODUCTION_PASSWORD_HASHING,
  verifyPassword,
} from "./passwords/password-hashing.js";
export {
  DEMO_PASSWORD,
  MINIMUM_PASSWORD_LENGTH,
  NewPassword,
  OfferedPassword,
  passwordProblem,
} from "./passwords/password-policy.js";
// Personal data: consent ledger, privacy policy, export, erasure, retention
export { Consent, ConsentChannel, ConsentQuery, NewConsent } from "./personal-data/consent.js";
export { consentPersonalData } from "./personal-data/consent-personal-data.js";
export { currentLegalText } from "./personal-data/current-legal-text.js";
export { DataSubject } from "./personal-data/data-subject.js";
export { erasePersonalData, type PersonalDataErasure } from "./personal-data/erase-personal-data.js";
export { exportPersonalData, type PersonalDataExport } from "./personal-data/export-personal-data.js";
export { getConsent } from "./personal-data/get-consent.js";
export { LegalDocument, LegalText, NewLegalText, PRIVACY_POLICY } from "./personal-data/legal-text.js";
export { listConsents } from "./personal-data/list-consents.js";
export { publishLegalText } from "./personal-data/publish-legal-text.js";
export { recordConsent } from "./personal-data/record-consent.js";
export {
  createPersonalDataRegistry,
  type PersonalDataContext,
  type PersonalDataPart,
  type PersonalDataRegistry,
} from "./personal-data/registry.js";
export { type RetentionRun, runPersonalDataRetention } from "./personal-data/run-retention.js";
export { withdrawConsent } from "./personal-data/withdraw-consent.js";

// Second factor
export { confirmTotp, TotpCode } from "./second-factor/confirm-totp.js";
export { disableTotp } from "./second-factor/disable-totp.js";
export { enrolTotp, type TotpEnrolment } from "./second-factor/enrol-totp.js";
export { totpCode, totpUri, verifyTotp } from "./second-factor/totp.js";
export { sameSecret } from "./secrets/secrets.js";
// Demo data
export { DEMO_OPEN311_KEY, DEMO_USERS } from "./seed/abakan-structure.js";
export { ensureFirstAdministrator } from "./seed/first-administrator.js";
export { firstAdministratorSeed, IDENTITY_DEMO_SEED, identityDemoSeed } from "./seed/identity-seeds.js";
export { type AbakanDemo, seedAbakanDemo } from "./seed/seed-abakan-demo.js";
// Sessions and sign-in
export { type AuthenticatedSession, authenticateSession } from "./sessions/authenticate-session.js";
export {
  CSRF_HEADER,
  crossSiteProblem,
  csrfProblem,
  isUnsafeMethod,
  type RequestOrigin,
} from "./sessions/csrf.js";
export { type SessionCredentials, SignInInput } from "./sessions/session.js";
export { type SignedIn, signIn } from "./sessions/sign-in.js";
export {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  type ThrottlePolicy,
} from "./sessions/sign-in-throttle-policy.js";
export { signOut } from "./sessions/sign-out.js";
export { type IdentitySettings, identitySettings, type MailMessage, type SendMail } from "./settings.js";
// API tokens
export { ApiToken, IssuedApiToken, NewApiToken } from "./tokens/api-token.js";
export { authenticateApiToken } from "./tokens/authenticate-api-token.js";
export { createApiToken } from "./tokens/create-api-token.js";
export { ApiTokenQuery, listApiTokens } from "./tokens/list-api-tokens.js";
export { revokeApiToken } from "./tokens/revoke-api-token.js";
export { bearerToken, TOKEN_PREFIX } from "./tokens/token-format.js";
export { TokenScope } from "./tokens/token-scopes.js";
// People
export { createUser } from "./users/create-user.js";
export { getUser } from "./users/get-user.js";
export { listUsers, UserQuery } from "./users/list-users.js";
export { updateUser } from "./users/update-user.js";
export { NewUser, User, UserChanges } from "./users/user.js";
