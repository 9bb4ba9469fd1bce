import type { Catalogue } from "./id";

// English: the second language. Same keys as id.ts (the type makes sure of it).
export const en: Catalogue = {
  app: {
    name: "AMS Kebumen",
    fullName: "AMS account registration",
    owner: "Diskominfo, Kebumen Regency",
    titleSuffix: "AMS Kebumen",
    skipLink: "Skip to main content",
    loading: "Loading…",
    retry: "Try again",
  },
  language: {
    label: "Language",
    id: "Bahasa Indonesia",
    en: "English",
  },
  signIn: {
    title: "Sign in",
    lead: "Sign in with your operator account to open your work queues.",
    operator: "Operator name",
    operatorHint: "For example: siti",
    password: "Password",
    submit: "Sign in",
    signedOut: "You have signed out.",
    expired: "Your session has ended. Please sign in again.",
  },
  errors: {
    summaryTitle: "There is a problem",
    titlePrefix: "Error: ",
    operatorMissing: "Enter your operator name",
    passwordMissing: "Enter your password",
    wrongCredentials: "Operator name or password is incorrect",
    tooManyAttempts: "Too many sign-in attempts. Wait a few minutes, then try again.",
    unreachable: "The server cannot be reached. Check your connection, then try again.",
    unexpected: "Something went wrong on the server. Try again later.",
    signOutFailed: "Signing out failed. You are still signed in; try again.",
  },
  shell: {
    account: "Account",
    roles: "Roles",
    signOut: "Sign out",
    nav: "Work",
    home: "Home",
  },
  roles: {
    unspecified: "Unknown role",
    agency: "Agency",
    diskominfoOp: "Diskominfo operator",
    bsreOp: "BSrE operator",
    verifier: "Verifier",
    auditor: "Auditor",
    admin: "Administrator",
    service: "System service",
  },
  queues: {
    diskominfo: {
      title: "Diskominfo review queue",
      description: "Review applications and recommendation letters, then send the file to BSrE.",
    },
    bsre: {
      title: "BSrE registrations",
      description: "Register the applicant's identity in AMS and send the activation link.",
    },
    verifier: {
      title: "Verification cases",
      description: "Check the data the applicant completed, then approve or reject it.",
    },
    audit: {
      title: "Audit",
      description: "Trace every step and decision of every application.",
    },
  },
  home: {
    title: "Welcome, {{name}}",
    lead: "Choose your work:",
    none: "Your account has no role that gives work here yet. Contact an administrator.",
  },
  placeholder: {
    notYet: "Not yet available.",
  },
  forbidden: {
    title: "No access",
    body: "Your roles do not include this page.",
  },
  notFound: {
    title: "Page not found",
    body: "Check the address, or go back to the home page.",
  },
};
