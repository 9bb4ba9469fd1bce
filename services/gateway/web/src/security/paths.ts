// The account security pages' addresses (the shell links to them and, for an admin who must
// enrol an authenticator app first, sends every other address to the enrolment).
export const securityPath = "/keamanan";
export const authenticatorPath = "/keamanan/autentikator";
