// The applicants' pages. /aktivasi is where the gateway sends the mailed link (GET
// /aktivasi?token=… answers with a redirect to /aktivasi, the token then only in a cookie).
export const activationPath = "/aktivasi";
export const accountPath = "/akun";
export const logInPath = "/akun/masuk";
export const passwordPath = "/akun/ganti-sandi";
// The status page every mail about an application links to: /status/{application's id}.
export const statusPath = "/status";
export function statusPathOf(id: string): string {
  return `${statusPath}/${encodeURIComponent(id)}`;
}
