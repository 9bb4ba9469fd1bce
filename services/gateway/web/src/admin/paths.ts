// The admin's pages: plain paths the gateway hands to the app (letters, digits, "-", "/").
export const parkedMailPath = "/admin/surat";
export const operatorsPath = "/admin/operator";
export const agencyKeysPath = "/admin/kunci-api";
