#!/usr/bin/env node
// The operators' work screens in Debian's Chromium, one phase of the SOP per run, against a
// gateway (and its services) that the caller started and fed: `node e2e/dashboard.mjs <phase>`.
// Exit 0 when the phase did what it should, else 1 with the reason on stderr. Every screen
// visited is checked with axe in both languages and saved to $AMSTEST_SCREENSHOT_DIR, in
// Bahasa Indonesia as <name>.png and in English as <name>-en.png (expectAccessible).
//
// Environment: AMSTEST_GATEWAY_URL, AMSTEST_PASSWORD (every operator's), AMSTEST_APPLICANT (the
// applicant's full name), AMSTEST_REASON (return and reject), AMSTEST_PARKED_TO and
// AMSTEST_CORRECTED_TO (parked-mail: the refused address and the corrected one),
// AMSTEST_APPLICATION (auditor: "applications/{uuid}" of an application through steps 1 to 5;
// applicant-status: of one waiting at some step),
// AMSTEST_SCREENSHOT_DIR, AMSTEST_CHROMIUM, AMSTEST_STATE_DIR. Operators: diskominfo,
// diskominfo2 (DISKOMINFO_OP), bsre (BSRE_OP), verifikator (VERIFIER), ganda (DISKOMINFO_OP and
// VERIFIER), admin (ADMIN, no second factor before admin-totp), admin2 (ADMIN: parked-mail,
// admin-people and admin-key-revoke enrol its authenticator app if it has none, else sign in
// with its code), auditor (AUDITOR, no second factor). A phase that enrols an admin keeps the
// key in AMSTEST_STATE_DIR (default $TMPDIR/ams-dashboard-e2e, a file per gateway address) for
// the later phases of the run.
//
// admin-people prints the lines "OPERATOR_PASSWORD <password>" (operators/op-baru's initial
// password), "OPERATOR_PASSWORD2 <password>" (after its reset) and "APIKEY <key>" (a key for
// agencies/bappeda, labelled "Sistem SIMPEG Bappeda" or AMSTEST_KEY_LABEL); admin-key-revoke
// (AMSTEST_KEY_LABEL) revokes the active key of that label.
//
// live-update prints the line READY on stdout once its page listens; the caller then submits
// AMSTEST_APPLICANT.
//
// The applicants' pages, on a phone (390 x 844, touch): applicant-activate (AMSTEST_ACTIVATION_TOKEN,
// a valid link's token; AMSTEST_KTP and AMSTEST_SPECIMEN, PNG or JPEG files; AMSTEST_DECREE, a
// PDF; AMSTEST_POLYGLOT, a PDF named .png), applicant-link-invalid, applicant-link-expired
// (AMSTEST_ACTIVATION_TOKEN, a link past its expiry), applicant-account
// (AMSTEST_USERNAME, AMSTEST_INITIAL_PASSWORD: an account whose mailed password must change),
// applicant-lockout (AMSTEST_USERNAME, AMSTEST_INITIAL_PASSWORD), applicant-status
// (AMSTEST_APPLICATION: "applications/{uuid}" of an application waiting at some step).
//
// An agency's user (role AGENCY) at SOP step 1: agency-submit (AMSTEST_AGENCY_OPERATOR, the
// operator id, with AMSTEST_PASSWORD; AMSTEST_APPLICANT; AMSTEST_APPLICATION_JSON, a valid
// ApplicantIdentity in protobuf JSON; AMSTEST_LETTER, a valid PDF; AMSTEST_SUPERIOR_NAME,
// AMSTEST_SUPERIOR_NIP) prints the line "APPLICATION applications/<id>" on stdout once submitted.
import { createHash, randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import {
  Failure,
  alertSays,
  chooseView,
  expectAccessible,
  expectDisabled,
  expectReasonText,
  findInQueue,
  launch,
  need,
  newPage,
  openFromRow,
  poll,
  rememberAuthenticator,
  rowOf,
  search,
  settings,
  signIn,
  signInWithAuthenticator,
  statusSays,
  submitSignIn,
  totpCode,
  totpStep,
} from './support.mjs';

const verdicts =
  /Tanda tangan elektronik sah|Tidak bertanda tangan elektronik \(tanda tangan basah\)|Tanda tangan elektronik rusak|Penanda tangan tidak dipercaya/;

// Two devices of one operator, as the sessions page names them.
const officeAgent =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const homeAgent =
  'Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

// The id at the end of an item page's address (/antrian/diskominfo/<id>).
function idInUrl(page) {
  return new URL(page.url()).pathname.split('/').pop();
}

// Step 2 by `operator`: finds the applicant, opens the item, sees the letter's verdict, takes
// it ("Ambil"), forwards it; then it is gone from the waiting view.
async function forward(browser, operator, prefix) {
  const name = settings.applicant;
  const page = await newPage(browser);
  await signIn(page, operator);
  const row = await findInQueue(page, { path: '/antrian/diskominfo', name });
  await expectAccessible(page, `${prefix}review-queue`);
  await openFromRow(page, row, name);
  const id = idInUrl(page);
  await page.getByText(verdicts).first().waitFor();
  const letter = page.getByRole('link', { name: 'Buka surat (PDF)' });
  if ((await letter.getAttribute('target')) !== '_blank' || !/noopener/.test((await letter.getAttribute('rel')) ?? '')) {
    throw new Failure('"Buka surat (PDF)" should open a new tab with rel="noopener noreferrer"');
  }
  await expectAccessible(page, `${prefix}review-item`);
  await page.getByRole('button', { name: 'Ambil', exact: true }).click();
  await page.getByText('Diambil oleh Anda').waitFor();
  await page.getByRole('button', { name: 'Teruskan ke BSrE' }).click();
  await statusSays(page, 'Permohonan diteruskan ke BSrE');
  await expectAccessible(page, `${prefix}review-forwarded`);

  // Gone from the waiting view (the queue may follow the services a moment later).
  await page.goto(`${settings.baseUrl}/antrian/diskominfo`);
  await search(page, name);
  await poll('the forwarded item to leave the waiting view', async () => {
    if ((await page.locator(`a[href$="/${id}"]`).count()) === 0) return true;
    await page.reload();
    await page.getByRole('status').filter({ hasText: `cocok dengan “${name}”` }).waitFor();
    return (await page.locator(`a[href$="/${id}"]`).count()) === 0;
  });
  await page.context().close();
}

const phases = {
  forward: (browser) => forward(browser, 'diskominfo', ''),

  'sod-forward': (browser) => forward(browser, 'ganda', 'sod-'),

  // Step 3: BSrE registers the forwarded applicant with the username left empty; the row then
  // shows under "Menunggu aktivasi".
  async register(browser) {
    const name = settings.applicant;
    const page = await newPage(browser);
    await signIn(page, 'bsre');
    const row = await findInQueue(page, { path: '/antrian/bsre', view: 'Belum didaftarkan', name });
    await expectAccessible(page, 'registrations');
    await row.getByRole('button', { name: /^Daftarkan/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Daftarkan identitas' });
    await dialog.waitFor();
    const username = dialog.getByLabel('Nama pengguna AMS (opsional)');
    if ((await username.inputValue()) !== '') throw new Failure('the username should start empty');
    await expectAccessible(page, 'register-dialog');
    await dialog.getByRole('button', { name: 'Daftarkan identitas' }).click();
    await statusSays(page, 'terdaftar');
    await expectAccessible(page, 'registered');
    await findInQueue(page, { path: '/antrian/bsre', view: 'Menunggu aktivasi', name });
    await expectAccessible(page, 'registrations-awaiting-activation');
    await page.context().close();
  },

  // Step 5: the verifier sees the case's documents and approves; the timeline then shows steps
  // 1, 2, 3 and 5, with the operators who did 2, 3 and 5.
  async approve(browser) {
    const name = settings.applicant;
    const page = await newPage(browser);
    const me = await signIn(page, 'verifikator');
    const row = await findInQueue(page, { path: '/antrian/verifikasi', name });
    await expectAccessible(page, 'verifier-queue');
    await openFromRow(page, row, name);
    await page.getByRole('heading', { name: 'Pemeriksaan otomatis' }).waitFor();
    // Before the screenshots, so that they show the documents.
    await expectDocuments(page, name);
    await expectAccessible(page, 'verifier-case');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'verifier-case-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Setujui' }).click();
    await statusSays(page, 'Data pemohon disetujui');
    await expectAccessible(page, 'verifier-approved');

    await page.getByRole('link', { name: 'Linimasa permohonan' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    // The audit ledger follows the services: the approval may reach it a moment later.
    let missing = '';
    await poll(`the timeline to show steps 1, 2, 3 and 5 with who did 2, 3 and 5`, async () => {
      await page.getByRole('table', { name: 'Langkah SOP' }).waitFor();
      missing = await timelineProblem(page, me);
      if (!missing) return true;
      await page.reload();
      return false;
    }).catch((e) => {
      throw new Failure(`${e.message}: ${missing}`);
    });
    await expectAccessible(page, 'timeline');
    await page.context().close();
  },

  // Step 2, the other way: returned with DATA_MISMATCH and the reason; then listed as returned
  // under "Sudah diputuskan", and its page shows the reason exactly.
  async return(browser) {
    const name = settings.applicant;
    const reason = settings.reason;
    const page = await newPage(browser);
    await signIn(page, 'diskominfo');
    const row = await findInQueue(page, { path: '/antrian/diskominfo', name });
    await openFromRow(page, row, name);
    const id = idInUrl(page);
    await page.getByRole('button', { name: 'Kembalikan', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Kembalikan permohonan' });
    await dialog.waitFor();
    await chooseReason(dialog, 'Data tidak sesuai');
    await dialog.getByLabel('Alasan untuk pemohon').fill(reason);
    await expectAccessible(page, 'return-dialog');
    await dialog.getByRole('button', { name: 'Kembalikan ke pemohon' }).click();
    await statusSays(page, 'Permohonan dikembalikan kepada pemohon');
    await expectReasonText(page, reason);

    await findInQueue(page, { path: '/antrian/diskominfo', view: 'Sudah diputuskan', name });
    const decided = page.getByRole('row').filter({ has: page.locator(`a[href$="/${id}"]`) });
    await poll('the returned item under "Sudah diputuskan"', async () => {
      if ((await decided.count()) === 1) return true;
      await page.reload();
      await page.getByRole('status').filter({ hasText: `cocok dengan “${name}”` }).waitFor();
      return (await decided.count()) === 1;
    });
    if (!/Dikembalikan/.test((await decided.textContent()) ?? '')) throw new Failure('the item is not shown as returned');
    await expectAccessible(page, 'review-decided');
    await decided.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expectReasonText(page, reason);
    await expectAccessible(page, 'review-returned');
    await page.context().close();
  },

  // Step 5, the other way: rejected with the reason, which the case then shows exactly.
  async reject(browser) {
    const name = settings.applicant;
    const reason = settings.reason;
    const page = await newPage(browser);
    await signIn(page, 'verifikator');
    const row = await findInQueue(page, { path: '/antrian/verifikasi', name });
    await openFromRow(page, row, name);
    await page.getByRole('button', { name: 'Tolak', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Tolak data pemohon' });
    await dialog.waitFor();
    await chooseReason(dialog, 'Data tidak sesuai');
    await dialog.getByLabel('Alasan untuk pemohon').fill(reason);
    await expectAccessible(page, 'reject-dialog');
    await dialog.getByRole('button', { name: 'Tolak dan minta perbaikan' }).click();
    await statusSays(page, 'Data pemohon ditolak');
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expectReasonText(page, reason);
    await expectAccessible(page, 'verifier-rejected');
    await page.context().close();
  },

  // Two Diskominfo operators on one item: the second sees who took it, cannot decide, and is
  // told so when they try to take it too. Then the first releases it.
  async 'claim-conflict'(browser) {
    const name = settings.applicant;
    const first = await newPage(browser);
    const second = await newPage(browser);
    const firstName = await signIn(first, 'diskominfo');
    await signIn(second, 'diskominfo2');
    const row = await findInQueue(first, { path: '/antrian/diskominfo', name });
    await openFromRow(first, row, name);
    await second.goto(first.url());
    await second.getByRole('heading', { level: 1, name }).waitFor();

    await first.getByRole('button', { name: 'Ambil', exact: true }).click();
    await first.getByText('Diambil oleh Anda').waitFor();

    await second.reload();
    await second.getByText(`Diambil oleh ${firstName}`).waitFor().catch(() => {
      throw new Failure(`the second operator does not see "Diambil oleh ${firstName}"`);
    });
    await expectDisabled(second.getByRole('button', { name: 'Teruskan ke BSrE' }), '"Teruskan ke BSrE"');
    await expectDisabled(second.getByRole('button', { name: 'Kembalikan', exact: true }), '"Kembalikan"');
    await second.getByRole('button', { name: 'Ambil', exact: true }).click();
    await alertSays(second, `${firstName} sedang mengambil permohonan ini`);
    await expectAccessible(second, 'claim-conflict');

    await first.getByRole('button', { name: 'Lepas', exact: true }).click();
    await statusSays(first, 'Permohonan dilepas');
    await first.getByText('Belum diambil').waitFor();
    await expectAccessible(first, 'claim-released');
    await first.context().close();
    await second.context().close();
  },

  // A person with both roles forwarded the application: as verifier they may not decide it.
  async 'sod-approve'(browser) {
    const name = settings.applicant;
    const page = await newPage(browser);
    await signIn(page, 'ganda');
    const row = await findInQueue(page, { path: '/antrian/verifikasi', name });
    await openFromRow(page, row, name);
    await page.getByRole('note').filter({ hasText: 'Pemisahan tugas' }).waitFor().catch(() => {
      throw new Failure('no separation-of-duties notice');
    });
    await expectDisabled(page.getByRole('button', { name: 'Setujui' }), '"Setujui"');
    await expectDisabled(page.getByRole('button', { name: 'Tolak', exact: true }), '"Tolak"');
    await expectAccessible(page, 'separation-of-duties');
    await page.context().close();
  },

  // Live updates: Diskominfo watches the waiting review queue (newest first, so that a new
  // application is on its first page); the caller submits AMSTEST_APPLICANT after READY. The
  // page offers "1 baru — muat" without touching the table, and loads the list when pressed.
  async 'live-update'(browser) {
    const name = settings.applicant;
    const page = await newPage(browser);
    await signIn(page, 'diskominfo');
    await page.goto(`${settings.baseUrl}/antrian/diskominfo?urut=terbaru`);
    await queueShown(page);
    await page.locator('[data-live="open"]').waitFor({ timeout: 30000 }).catch(() => {
      throw new Failure('the live updates did not connect (no [data-live="open"] within 30 s)');
    });
    if ((await rowOf(page, name).count()) > 0) throw new Failure(`"${name}" is listed before it was submitted`);
    const before = await shownRows(page);
    console.log('READY');
    const offer = page.getByRole('button', { name: /^\d+ baru — muat$/ });
    await offer.waitFor({ timeout: 60000 }).catch(() => {
      throw new Failure('no "N baru — muat" within 60 s of READY');
    });
    const after = await shownRows(page);
    if (after !== before || (await rowOf(page, name).count()) > 0) {
      throw new Failure(`the list changed before "muat" was pressed:\n  before: ${before}\n  after:  ${after}`);
    }
    await expectAccessible(page, 'live-update');
    await offer.click();
    await rowOf(page, name).first().waitFor({ timeout: 10000 }).catch(() => {
      throw new Failure(`"${name}" is not in the list that "muat" loaded`);
    });
    if ((await offer.count()) > 0) throw new Failure('"muat" is still offered after the list was loaded');
    await expectAccessible(page, 'live-update-loaded');
    await page.context().close();
  },

  // An admin without a second factor can only enrol one; then signing in asks for its code,
  // refuses a wrong one, and takes the right one.
  async 'admin-totp'(browser) {
    const page = await newPage(browser);
    await submitSignIn(page, 'admin');
    const enrolment = page.getByRole('heading', { name: 'Aplikasi autentikator', level: 1 });
    await enrolment.waitFor().catch(() => {
      throw new Failure('the admin is not shown the authenticator enrolment after signing in');
    });
    await onlyEnrolment(page);
    // Any other address shows the enrolment too.
    await page.goto(`${settings.baseUrl}/antrian/diskominfo`);
    await enrolment.waitFor();
    if (new URL(page.url()).pathname !== '/keamanan/autentikator') {
      throw new Failure(`/antrian/diskominfo went to ${page.url()}, not to the enrolment`);
    }
    await onlyEnrolment(page);
    await page.getByRole('img', { name: /Kode QR/ }).waitFor();
    const secret = ((await page.locator('[data-totp-secret]').textContent()) ?? '').replace(/\s+/g, '');
    if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Failure(`no base32 key on the enrolment page (${secret})`);
    await expectAccessible(page, 'totp-enrol');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'totp-enrol-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    const enrolled = totpStep();
    await page.getByLabel('Kode dari aplikasi autentikator').fill(totpCode(secret, enrolled));
    await page.getByRole('button', { name: 'Aktifkan' }).click();
    await statusSays(page, 'Aplikasi autentikator aktif');
    // For later phases that sign in as this admin.
    rememberAuthenticator('admin', secret, enrolled);
    await page.getByRole('navigation', { name: 'Pekerjaan' }).waitFor().catch(() => {
      throw new Failure('no navigation once the authenticator app is on');
    });
    await expectAccessible(page, 'totp-active');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk', level: 1 }).waitFor();

    await submitSignIn(page, 'admin');
    const code = page.getByLabel('Kode dari aplikasi autentikator');
    await code.waitFor().catch(() => {
      throw new Failure('signing in again does not ask for the authenticator code');
    });
    await expectAccessible(page, 'sign-in-code');
    // None of the codes the server takes now (it allows a step either side).
    const now = totpStep();
    const valid = [now - 1, now, now + 1, now + 2].map((s) => totpCode(secret, s));
    let wrong = 0;
    while (valid.includes(String(wrong).padStart(6, '0'))) wrong += 1;
    await code.fill(String(wrong).padStart(6, '0'));
    await page.getByRole('button', { name: 'Masuk' }).click();
    await alertSays(page, 'Kode salah');
    await expectAccessible(page, 'sign-in-code-wrong');
    // The enrolment spent its step's code: the next step's, when it comes.
    await poll('the next 30-second step', async () => totpStep() > enrolled, 35000, 250);
    const signedIn = totpStep();
    rememberAuthenticator('admin', secret, signedIn);
    await code.fill(totpCode(secret, signedIn));
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: /^Selamat datang/, level: 1 }).waitFor().catch(() => {
      throw new Failure('the right code did not sign the admin in');
    });
    await page.context().close();
  },

  // The admin's parked mail: signed in as admin2 (enrolling the authenticator app first, unless
  // an earlier phase did), the mail the mail server refused at AMSTEST_PARKED_TO is listed; an
  // address in another domain is refused at its field; sent again to AMSTEST_CORRECTED_TO, it
  // leaves the list.
  async 'parked-mail'(browser) {
    const parkedTo = settings.parkedTo;
    const correctedTo = settings.correctedTo;
    const page = await newPage(browser);
    await signInWithAuthenticator(page, 'admin2');
    const navLink = page.getByRole('navigation', { name: 'Pekerjaan' }).getByRole('link', { name: 'Surat tertahan' });
    await navLink.click().catch(() => {
      throw new Failure('no "Surat tertahan" in the navigation of an admin');
    });
    await page.getByRole('heading', { name: 'Surat tertahan', level: 1 }).waitFor();
    await parkedMailShown(page);
    // The row whose header (the recipient) is the refused address; the mail service may park it
    // a moment after the caller's step.
    const rows = rowOf(page, parkedTo);
    await poll(`a parked mail to ${parkedTo}`, async () => {
      if ((await rows.count()) > 0) return true;
      await page.reload();
      await parkedMailShown(page);
      return (await rows.count()) > 0;
    });
    const before = await rows.count();
    const row = rows.first();
    await expectAccessible(page, 'admin-parked-mail');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'admin-parked-mail-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    await row.getByRole('button', { name: /^Kirim ulang/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Kirim ulang surat' });
    await dialog.waitFor();
    const address = dialog.getByLabel('Alamat penerima yang benar');
    const prefilled = await address.inputValue();
    if (prefilled !== parkedTo) throw new Failure(`the address should start as ${parkedTo}, not ${JSON.stringify(prefilled)}`);
    const send = dialog.getByRole('button', { name: 'Kirim ulang surat' });

    // Another domain: the mail service refuses it, naming the field ("to[0]").
    await address.fill('x@gmail.com');
    await send.click();
    await dialog.getByText('Alamat ini tidak dapat dipakai').waitFor().catch(() => {
      throw new Failure('no error at the address field for an address in another domain');
    });
    if ((await address.getAttribute('aria-invalid')) !== 'true') throw new Failure('the refused address is not marked invalid');
    await expectAccessible(page, 'admin-parked-mail-refused');

    await address.fill(correctedTo);
    await send.click();
    await statusSays(page, `Surat dikirim ulang ke ${correctedTo}`);
    await dialog.waitFor({ state: 'detached' }).catch(() => {
      throw new Failure('the dialog stayed open after the mail was sent again');
    });
    await poll('the resent mail to leave the list', async () => (await rows.count()) < before, 10000, 200);
    await expectAccessible(page, 'admin-parked-mail-resent');
    await page.context().close();
  },

  // The admin's operators (AdminService), as admin2 (enrolling the authenticator app first,
  // unless an earlier phase did): operators/op-baru added as a verifier, its initial password
  // shown once, in a dialog (printed: "OPERATOR_PASSWORD <password>"); the same id again refused
  // at its field; BSrE added to its roles; its password reset (printed: "OPERATOR_PASSWORD2
  // <password>"); deleted after a confirmation naming the person. The admin's own row offers
  // neither "Hapus" nor the resets. Then an API key for agencies/bappeda labelled "Sistem SIMPEG
  // Bappeda" (AMSTEST_KEY_LABEL when set), shown once (printed: "APIKEY <key>"), listed as active.
  async 'admin-people'(browser) {
    const id = 'op-baru';
    const name = 'Operator Baru';
    const label = process.env.AMSTEST_KEY_LABEL || 'Sistem SIMPEG Bappeda';
    // The clipboard, to see that "Salin" copies the secret whole.
    const page = await newPage(browser, undefined, { permissions: ['clipboard-read', 'clipboard-write'] });
    const me = await signInWithAuthenticator(page, 'admin2');
    const nav = page.getByRole('navigation', { name: 'Pekerjaan' });
    await nav.getByRole('link', { name: 'Operator dan peran' }).click().catch(() => {
      throw new Failure('no "Operator dan peran" in the navigation of an admin');
    });
    await page.getByRole('heading', { name: 'Operator dan peran', level: 1 }).waitFor();
    await operatorsShown(page);

    // The admin's own row: "Ubah" only (nothing that would lock them out).
    const own = operatorRow(page, 'operators/admin2');
    if ((await own.count()) !== 1) throw new Failure('the admin\'s own row (operators/admin2) is not listed once');
    if (!((await own.getByRole('rowheader').textContent()) ?? '').includes(me)) throw new Failure(`the own row is not headed "${me}"`);
    for (const offered of [/^Hapus/, /^Atur ulang/]) {
      if ((await own.getByRole('button', { name: offered }).count()) > 0) throw new Failure(`the admin's own row offers ${offered}`);
    }
    if ((await own.getByRole('button', { name: /^Ubah/ }).count()) !== 1) throw new Failure('the admin\'s own row offers no "Ubah"');
    await expectAccessible(page, 'admin-operators');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'admin-operators-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Added as a verifier: the initial password once.
    await page.getByRole('button', { name: 'Tambah operator' }).click();
    let dialog = page.getByRole('dialog', { name: 'Tambah operator' });
    await dialog.waitFor();
    await fillOperator(dialog, id, name, 'Verifikator');
    await dialog.getByRole('button', { name: 'Tambah operator' }).click();
    const password = await oneTimeSecret(page, `Kata sandi awal ${name}`, 'admin-operator-password');
    if (!/^[A-Za-z0-9_-]{16,}$/.test(password)) throw new Failure(`the initial password looks wrong: ${JSON.stringify(password)}`);
    console.log(`OPERATOR_PASSWORD ${password}`);
    await statusSays(page, `${name} (${id}) ditambahkan`);
    const row = operatorRow(page, `operators/${id}`);
    await row.waitFor().catch(() => {
      throw new Failure(`operators/${id} is not listed after it was added`);
    });
    await expectRowSays(row, [name, id, 'Verifikator', 'Belum dipasang']);

    // The same id again (as its resource name): refused at the id's field.
    await page.getByRole('button', { name: 'Tambah operator' }).click();
    dialog = page.getByRole('dialog', { name: 'Tambah operator' });
    await dialog.waitFor();
    await fillOperator(dialog, `operators/${id}`, name, 'Verifikator');
    await dialog.getByRole('button', { name: 'Tambah operator' }).click();
    const idField = dialog.getByLabel('ID operator');
    await poll('the id field to say it is taken', async () =>
      (await idField.getAttribute('aria-invalid')) === 'true' && (await descriptionOf(idField)).includes(`ID ${id} sudah dipakai`), 15000, 100);
    await expectAccessible(page, 'admin-operator-taken');
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'detached' });

    // BSrE added to its roles.
    await row.getByRole('button', { name: /^Ubah/ }).click();
    dialog = page.getByRole('dialog', { name: `Ubah ${name}` });
    await dialog.waitFor();
    if (!(await dialog.getByRole('checkbox', { name: /^Verifikator/ }).isChecked())) throw new Failure('"Ubah" does not start with the roles held');
    await tick(dialog, 'Operator BSrE');
    await expectAccessible(page, 'admin-operator-edit');
    await dialog.getByRole('button', { name: 'Simpan perubahan' }).click();
    await statusSays(page, `Perubahan ${name} disimpan`);
    await dialog.waitFor({ state: 'detached' });
    await expectRowSays(row, ['Operator BSrE', 'Verifikator']);

    // Its password reset, after a confirmation: the new one once.
    await row.getByRole('button', { name: /^Atur ulang kata sandi/ }).click();
    const confirmReset = page.getByRole('alertdialog', { name: `Atur ulang kata sandi ${name}?` });
    await confirmReset.waitFor();
    await confirmReset.getByRole('button', { name: 'Atur ulang kata sandi' }).click();
    const password2 = await oneTimeSecret(page, `Kata sandi baru ${name}`, 'admin-operator-new-password');
    if (!/^[A-Za-z0-9_-]{16,}$/.test(password2) || password2 === password) {
      throw new Failure(`the new password looks wrong: ${JSON.stringify(password2)}`);
    }
    console.log(`OPERATOR_PASSWORD2 ${password2}`);
    await statusSays(page, `Kata sandi ${name} diatur ulang`);

    // Deleted, after a confirmation naming the person.
    await row.getByRole('button', { name: /^Hapus/ }).click();
    const confirmDelete = page.getByRole('alertdialog', { name: `Hapus ${name}?` });
    await confirmDelete.waitFor();
    if (!((await confirmDelete.textContent()) ?? '').includes(`${name} (${id})`)) throw new Failure('the confirmation does not name the person');
    await expectAccessible(page, 'admin-operator-delete');
    await confirmDelete.getByRole('button', { name: `Hapus ${name}` }).click();
    await statusSays(page, `${name} (${id}) dihapus`);
    await poll(`operators/${id} to leave the list`, async () => (await row.count()) === 0, 10000, 200);
    await expectAccessible(page, 'admin-operator-deleted');

    // An agency's API key: shown once, then listed as active under its fingerprint.
    await nav.getByRole('link', { name: 'Kunci API instansi' }).click().catch(() => {
      throw new Failure('no "Kunci API instansi" in the navigation of an admin');
    });
    await page.getByRole('heading', { name: 'Kunci API instansi', level: 1 }).waitFor();
    await keysShown(page);
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    dialog = page.getByRole('dialog', { name: 'Buat kunci API' });
    await dialog.waitFor();
    await dialog.getByLabel('Instansi').fill('agencies/bappeda');
    await dialog.getByLabel('Keterangan').fill(label);
    await expectAccessible(page, 'admin-key-form');
    await dialog.getByRole('button', { name: 'Buat kunci' }).click();
    const apiKey = await oneTimeSecret(page, 'Kunci API untuk bappeda', 'admin-key-created', async (shown) => {
      const fingerprint = createHash('sha256').update(await secretOf(shown)).digest('hex').slice(0, 8);
      for (const told of ['authorization: Bearer', fingerprint]) {
        if (!((await shown.textContent()) ?? '').includes(told)) throw new Failure(`the new key's dialog does not say "${told}"`);
      }
    });
    if (!/^ams_[A-Za-z0-9_-]{20,}$/.test(apiKey)) throw new Failure(`the API key looks wrong: ${JSON.stringify(apiKey)}`);
    console.log(`APIKEY ${apiKey}`);
    await statusSays(page, `Kunci “${label}” untuk bappeda dibuat`);
    const keyRow = page.locator(`tr[data-key="agencyKeys/${createHash('sha256').update(apiKey).digest('hex')}"]`);
    // The gateway lists a key once the broker brought it back (it waits a moment for that).
    await poll('the new key listed under its SHA-256', async () => {
      if ((await keyRow.count()) > 0) return true;
      await page.reload();
      await keysShown(page);
      return (await keyRow.count()) > 0;
    });
    if ((await keyRow.getAttribute('data-state')) !== 'active') throw new Failure('the new key is not listed as active');
    await expectRowSays(keyRow, [label, 'bappeda', createHash('sha256').update(apiKey).digest('hex').slice(0, 8), 'Aktif', 'oleh admin2']);
    await expectAccessible(page, 'admin-keys');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'admin-keys-mobile');
    await page.context().close();
  },

  // The agency's key labelled AMSTEST_KEY_LABEL revoked by the same admin (admin2), after a
  // confirmation saying what stops; its row then says "Dicabut", when and by whom.
  async 'admin-key-revoke'(browser) {
    const label = need('AMSTEST_KEY_LABEL');
    const page = await newPage(browser);
    await signInWithAuthenticator(page, 'admin2');
    await page.getByRole('navigation', { name: 'Pekerjaan' }).getByRole('link', { name: 'Kunci API instansi' }).click().catch(() => {
      throw new Failure('no "Kunci API instansi" in the navigation of an admin');
    });
    await page.getByRole('heading', { name: 'Kunci API instansi', level: 1 }).waitFor();
    await keysShown(page);
    // The newest active key of that label.
    const active = page
      .locator('tr[data-state="active"]')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    if ((await active.count()) === 0) throw new Failure(`no active key labelled "${label}"`);
    const key = await active.first().getAttribute('data-key');
    await active.first().getByRole('button', { name: /^Cabut/ }).click();
    const confirm = page.getByRole('alertdialog', { name: `Cabut kunci “${label}”?` });
    await confirm.waitFor();
    await expectAccessible(page, 'admin-key-revoke-confirm');
    await confirm.getByRole('button', { name: 'Cabut kunci' }).click();
    await statusSays(page, `Kunci “${label}”`);
    await confirm.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-key="${key}"]`);
    await poll('the key to be listed as revoked', async () => {
      if ((await row.getAttribute('data-state')) === 'revoked') return true;
      await page.reload();
      await keysShown(page);
      return (await row.getAttribute('data-state')) === 'revoked';
    });
    await expectRowSays(row, [label, 'Dicabut', 'oleh admin2']);
    if ((await row.getByRole('button').count()) > 0) throw new Failure('the revoked key still offers a button');
    await expectAccessible(page, 'admin-key-revoked');
    await page.context().close();
  },

  // The end of the whole SOP as the auditor sees it: AMSTEST_APPLICATION's timeline has all
  // eight steps done, each within its standard time.
  async 'auditor-timeline'(browser) {
    const id = settings.application.replace(/^applications\//, '');
    const page = await newPage(browser);
    await signIn(page, 'auditor');
    await page.goto(`${settings.baseUrl}/permohonan/${id}/linimasa`);
    const table = page.getByRole('table', { name: 'Langkah SOP' });
    let problem = '';
    await poll('the timeline to show the eight steps done within standard time', async () => {
      await table.waitFor();
      problem = '';
      for (let step = 1; step <= 8; step += 1) {
        const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${step}\\. `) }) });
        if ((await rows.count()) === 0) {
          // Step 1 is timed only when an application is submitted again after a return.
          if (step === 1) continue;
          problem = `no step ${step}`;
          break;
        }
        const text = (await rows.last().textContent()) ?? '';
        if (!/Sesuai waktu standar/.test(text)) {
          problem = `step ${step}: ${text.replace(/\s+/g, ' ').trim()}`;
          break;
        }
      }
      if (!problem) return true;
      await page.reload();
      return false;
    }, 30000, 500).catch((e) => {
      throw new Failure(`${e.message}: ${problem}`);
    });
    await expectAccessible(page, 'auditor-timeline');
    await page.context().close();
  },

  // The auditor's screens: the ledger from the navigation, searched by AMSTEST_APPLICATION (its
  // submission and forwarding listed, every row its own); a malformed application refused at its
  // field; the ledger verified intact; the CSV export with the page's session; the SLA report,
  // with the steps the application went through counted.
  async auditor(browser) {
    const application = settings.application;
    const id = application.replace(/^applications\//, '');
    const page = await newPage(browser);
    await signIn(page, 'auditor');
    const navLink = page.getByRole('navigation', { name: 'Pekerjaan' }).getByRole('link', { name: 'Audit', exact: true });
    await navLink.click().catch(() => {
      throw new Failure('no "Audit" in the navigation of an auditor');
    });
    await page.getByRole('heading', { name: 'Buku besar audit', level: 1 }).waitFor();
    await ledgerShown(page);

    const field = page.getByLabel('Permohonan', { exact: true });
    const searchFor = async (value) => {
      await field.fill(value);
      await page.getByRole('button', { name: 'Cari', exact: true }).click();
    };
    await searchFor(application);
    await page.waitForURL(/[?&]aplikasi=/);
    // The audit service records the events a moment after the services publish them.
    await poll(`the ledger entries of ${application}`, async () => {
      await ledgerShown(page);
      if (await ledgerOfApplication(page, id)) return true;
      await page.reload();
      return false;
    });
    await expectAccessible(page, 'audit-ledger');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'audit-ledger-mobile');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Not an application's id: refused at the field (the server names it), and summed up.
    await searchFor('bukan-id');
    await alertSays(page, 'ID permohonan tidak dikenali');
    if ((await field.getAttribute('aria-invalid')) !== 'true') throw new Failure('the malformed application is not marked invalid');
    const described = await field.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((ref) => document.getElementById(ref)?.textContent ?? '')
        .join(' '),
    );
    if (!described.includes('ID permohonan tidak dikenali')) {
      throw new Failure(`the application field's error is not in its description: ${JSON.stringify(described)}`);
    }
    await expectAccessible(page, 'audit-ledger-invalid');

    await searchFor(application);
    await poll('the search by the application again', async () => {
      await ledgerShown(page);
      return ledgerOfApplication(page, id);
    }, 15000, 200);
    await page.getByRole('button', { name: 'Periksa keutuhan' }).click();
    const verdict = page.locator('#ledger-verdict');
    await poll('the ledger verdict', async () => ((await verdict.textContent()) ?? '').trim() !== '', 60000, 200);
    const said = ((await verdict.textContent()) ?? '').trim();
    if (!/Buku besar utuh: \d+ entri/.test(said)) throw new Failure(`the ledger is not reported intact: ${said}`);
    await statusSays(page, 'Buku besar utuh');
    await expectAccessible(page, 'audit-verify');

    // The whole ledger as CSV, with the session's cookie (as the page's link downloads it).
    const csvLink = page.getByRole('link', { name: 'Unduh CSV' });
    if ((await csvLink.getAttribute('href')) !== '/documents/ledger/csv' || (await csvLink.getAttribute('download')) === null) {
      throw new Failure('"Unduh CSV" should be a download link to /documents/ledger/csv');
    }
    const csv = await page.request.get(`${settings.baseUrl}/documents/ledger/csv`);
    if (csv.status() !== 200) throw new Failure(`GET /documents/ledger/csv answered ${csv.status()}`);
    const body = await csv.text();
    const header = body.split('\n', 1)[0] ?? '';
    if (!/^sequence,event_id,event_type,application,event_time,producer,/.test(header)) {
      throw new Failure(`the CSV's first line is not its header: ${JSON.stringify(header)}`);
    }
    if (!body.includes(application)) throw new Failure(`the CSV export has no entry of ${application}`);

    await page.getByRole('navigation', { name: 'Halaman audit' }).getByRole('link', { name: 'Laporan waktu layanan' }).click();
    await page.getByRole('heading', { name: 'Laporan waktu layanan', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Waktu layanan per langkah SOP' });
    await poll('the SLA report', async () => {
      if ((await table.count()) > 0) return true;
      if ((await page.getByText('Tidak ada langkah yang selesai').count()) > 0) await page.reload();
      return false;
    });
    const stepRow = (n) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${n}\\. `) }) });
    const countOf = async (n) => Number(((await stepRow(n).getByRole('cell').first().textContent()) ?? '').replace(/\D/g, ''));
    if ((await stepRow(1).count()) !== 1) throw new Failure('no single row for step 1 in the SLA report');
    // Step 1 is timed only when an application is submitted again after a return (the first
    // submission has no event that starts it); the application's forwarding times step 2.
    const forwarded = await countOf(2);
    if (!(forwarded >= 1)) throw new Failure(`step 2 counted ${forwarded} times in the SLA report, expected at least 1`);
    const chart = page.getByRole('img', { name: /^Penerusan ke BSrE: \d+ kali/ });
    if ((await chart.count()) !== 1) throw new Failure('no chart of step 2 named by its numbers');
    await expectAccessible(page, 'audit-sla');
    console.log(`auditor: step 1 counted ${await countOf(1)} time(s), step 2 ${forwarded}`);
    await page.context().close();
  },

  // Every operator's overview, as diskominfo: "Ikhtisar" on the home page and in the navigation;
  // the funnel names a count for each of steps 2 to 8, at least one above 0 (the caller
  // submitted an application; the audit service takes it in a moment later, so "Muat ulang"
  // until then), and the oldest waiting table links that step's oldest to its timeline; the
  // completed-per-day chart with a number for each of 14 days; the SLA chart; the time the data
  // was read. Also at a phone's width, without the page scrolling sideways.
  async overview(browser) {
    const page = await newPage(browser);
    await signIn(page, 'diskominfo');
    if ((await page.getByRole('main').getByRole('link', { name: 'Ikhtisar', exact: true }).count()) !== 1) {
      throw new Failure('no single "Ikhtisar" link on the home page');
    }
    const navLink = page.getByRole('navigation', { name: 'Pekerjaan' }).getByRole('link', { name: 'Ikhtisar', exact: true });
    await navLink.click().catch(() => {
      throw new Failure('no "Ikhtisar" in the navigation of a Diskominfo operator');
    });
    await page.getByRole('heading', { name: 'Ikhtisar', level: 1 }).waitFor();
    await page.waitForURL(/\/ikhtisar$/);

    const funnel = page.getByRole('img', { name: /^Permohonan per langkah sekarang/ });
    let counts = new Map();
    await poll('an application at step 2 or later in the funnel', async () => {
      await overviewShown(page);
      counts = funnelCounts((await funnel.getAttribute('aria-label')) ?? '');
      if ([...counts.values()].some((n) => n > 0)) return true;
      await page.getByRole('button', { name: 'Muat ulang' }).click();
      return false;
    }, 60000);
    const steps = [...counts.keys()].join(',');
    if (steps !== '2,3,4,5,6,7,8') throw new Failure(`the funnel names steps ${steps}, expected 2 to 8`);
    await statusSays(page, 'Data dibaca pukul');

    // The first step where some wait: its row in the oldest waiting table says as many, and
    // links its oldest to the timeline.
    const [step, waiting] = [...counts].find(([, n]) => n > 0);
    const table = page.getByRole('table', { name: 'Permohonan yang paling lama menunggu di setiap langkah' });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${step}\\. `) }) });
    if ((await row.count()) !== 1) throw new Failure(`no single row for step ${step} in the oldest waiting table`);
    const shown = Number(((await row.getByRole('cell').first().textContent()) ?? '').replace(/\D/g, ''));
    if (shown !== waiting) throw new Failure(`step ${step}: ${shown} waiting in the table, ${waiting} in the funnel`);
    const oldest = row.getByRole('link', { name: /^Linimasa permohonan/ });
    const href = (await oldest.count()) === 1 ? ((await oldest.getAttribute('href')) ?? '') : '';
    if (!/^\/permohonan\/[^/]+\/linimasa$/.test(href)) {
      throw new Failure(`step ${step}'s oldest application does not link to its timeline (${JSON.stringify(href)})`);
    }

    if ((await page.getByRole('img', { name: /^Selesai per hari, / }).count()) !== 1) {
      throw new Failure('no completed-per-day chart named by its numbers');
    }
    await page.getByText('Tampilkan angka per hari', { exact: true }).click();
    const days = page.getByRole('table', { name: 'Permohonan selesai per hari' }).getByRole('rowheader');
    await days.first().waitFor();
    if ((await days.count()) !== 14) throw new Failure(`${await days.count()} days in the completed-per-day numbers, expected 14`);
    if ((await page.getByRole('img', { name: /^Dalam waktu standar per langkah/ }).count()) !== 1) {
      throw new Failure('no SLA chart named by its numbers');
    }
    await expectAccessible(page, 'overview');

    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, 'overview-mobile');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > 375) throw new Failure(`at 375 px the overview is ${wide} px wide: the page scrolls sideways`);
    console.log(`overview: ${[...counts].map(([s, n]) => `step ${s}: ${n}`).join(', ')}`);
    await page.context().close();
  },

  // One operator on two devices: at the office they see both sessions and end the one at home,
  // which then has to sign in again.
  async sessions(browser) {
    const home = await newPage(browser, { width: 375, height: 812 }, { userAgent: homeAgent });
    const office = await newPage(browser, undefined, { userAgent: officeAgent });
    await signIn(home, 'verifikator');
    await signIn(office, 'verifikator');
    await home.goto(`${settings.baseUrl}/keamanan`);
    await home.getByRole('table', { name: 'Sesi masuk Anda' }).waitFor();
    await expectAccessible(home, 'sessions-mobile');

    await office.getByRole('link', { name: 'Keamanan akun' }).click();
    await office.getByRole('heading', { name: 'Keamanan akun', level: 1 }).waitFor();
    const table = office.getByRole('table', { name: 'Sesi masuk Anda' });
    await table.waitFor();
    // Earlier phases may have left sessions of this operator open: at least these two.
    const rows = table.getByRole('row').filter({ has: office.getByRole('rowheader') });
    if ((await rows.count()) < 2) throw new Failure(`${await rows.count()} session(s) listed, expected at least 2`);
    const current = rows.filter({ hasText: 'Sesi ini' });
    if ((await current.count()) !== 1) throw new Failure('not exactly one session marked "Sesi ini"');
    if (!/Chrome di Windows/.test((await current.textContent()) ?? '')) {
      throw new Failure(`"Sesi ini" is not the office's session: ${await current.textContent()}`);
    }
    if ((await current.getByRole('button').count()) > 0) throw new Failure('the current session offers a button');
    const other = rows.filter({ has: office.getByRole('rowheader', { name: /^Chrome di Android/ }) });
    if ((await other.count()) !== 1) throw new Failure('the home session ("Chrome di Android") is not listed once');
    await expectAccessible(office, 'sessions');
    await other.getByRole('button', { name: /^Akhiri/ }).click();
    await statusSays(office, 'Sesi Chrome di Android diakhiri');
    await poll('the ended session to leave the list', async () => (await other.count()) === 0, 10000, 200);
    await expectAccessible(office, 'sessions-ended');

    await home.reload();
    await home.getByRole('heading', { name: 'Masuk', level: 1 }).waitFor().catch(() => {
      throw new Failure('the ended session still opens the app at home');
    });
    await home.context().close();
    await office.context().close();
  },

  // Screenshots of each screen for the README, as an operator of its role; a queue also at a
  // phone's width.
  async screens(browser) {
    const signInPage = await newPage(browser);
    await signInPage.goto(`${settings.baseUrl}/masuk`);
    await signInPage.getByRole('heading', { name: 'Masuk', level: 1 }).waitFor();
    await expectAccessible(signInPage, 'screens-sign-in');
    await signInPage.context().close();

    const shots = [
      ['diskominfo', '/antrian/diskominfo', 'review-queue', 'Sudah diputuskan'],
      ['bsre', '/antrian/bsre', 'registrations', 'Menunggu aktivasi'],
      ['verifikator', '/antrian/verifikasi', 'verifier-queue', 'Sudah diputuskan'],
    ];
    for (const [operator, path, shot, otherView] of shots) {
      const page = await newPage(browser);
      await signIn(page, operator);
      // The cards' counts come a moment after the page.
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, `screens-home-${operator}`);
      await page.goto(`${settings.baseUrl}${path}`);
      await queueShown(page);
      await expectAccessible(page, `screens-${shot}`);
      const hadItem = await screenshotFirstItem(page, shot);
      await page.goto(`${settings.baseUrl}${path}`);
      await queueShown(page);
      await chooseView(page, otherView);
      await queueShown(page);
      await expectAccessible(page, `screens-${shot}-${otherView.toLowerCase().replace(/\s+/g, '-')}`);
      // No item waiting: a decided one then.
      if (!hadItem) await screenshotFirstItem(page, shot);
      await page.context().close();

      const phone = await newPage(browser, { width: 375, height: 812 });
      await signIn(phone, operator);
      await phone.goto(`${settings.baseUrl}${path}`);
      await queueShown(phone);
      await expectAccessible(phone, `screens-${shot}-mobile`);
      if (operator === 'verifikator') {
        await phone.goto(`${settings.baseUrl}/keamanan`);
        await phone.getByRole('table', { name: 'Sesi masuk Anda' }).waitFor();
        await expectAccessible(phone, 'screens-security-mobile');
      }
      await phone.context().close();
    }

    const page = await newPage(browser);
    await signIn(page, 'verifikator');
    await page.goto(`${settings.baseUrl}/keamanan`);
    await page.getByRole('table', { name: 'Sesi masuk Anda' }).waitFor();
    await expectAccessible(page, 'screens-security');
    await page.context().close();
  },

  // SOP step 4 on a phone: the mailed link (its token gone from the address at once), the form in
  // both languages, a PDF named .png refused by the server as the KTP scan, the three real files
  // uploaded (a progress bar, then the verdict, then the preview), a forbidden character in the
  // address told as it is typed, the summary, sent, done; the link then used up.
  async 'applicant-activate'(browser) {
    const token = need('AMSTEST_ACTIVATION_TOKEN');
    const files = {
      ktp: need('AMSTEST_KTP'),
      decree: need('AMSTEST_DECREE'),
      specimen: need('AMSTEST_SPECIMEN'),
      polyglot: need('AMSTEST_POLYGLOT'),
    };
    const page = await phonePage(browser);
    await page.goto(`${settings.baseUrl}/aktivasi?token=${encodeURIComponent(token)}`);
    if (page.url().includes('token')) throw new Failure(`the token stayed in the address: ${page.url()}`);
    await activationForm(page);
    const address = page.getByLabel('Alamat', { exact: true });
    if ((await page.getByLabel('Kabupaten/kota', { exact: true }).inputValue()) !== 'Kebumen') {
      throw new Failure('"Kabupaten/kota" should start as "Kebumen"');
    }
    if ((await page.getByLabel('Provinsi', { exact: true }).inputValue()) !== 'Jawa Tengah') {
      throw new Failure('"Provinsi" should start as "Jawa Tengah"');
    }
    await expectAccessible(page, 'applicant-activation-phone');

    // A PDF named .png as the KTP scan: the browser cannot tell, the server reads the content.
    const ktp = page.getByRole('region', { name: 'Pindaian KTP' });
    await chooseFile(page, ktp, files.polyglot);
    await ktp.getByText('Server menolak berkas ini').waitFor().catch(() => {
      throw new Failure('no "Server menolak berkas ini" for a PDF uploaded as the KTP scan');
    });
    await expectAccessible(page, 'applicant-activation-refused');

    await uploadAndSee(page, ktp, files.ktp, 'Pindaian KTP');
    await uploadAndSee(page, page.getByRole('region', { name: 'SK pengangkatan' }), files.decree, null);
    await uploadAndSee(page, page.getByRole('region', { name: 'Spesimen tanda tangan' }), files.specimen, 'Spesimen tanda tangan');

    // A right-to-left override in the address: told at the field as it is typed, naming it.
    await address.fill('Jl. \u202EMawar');
    const forbidden = page.getByText(/U\+202E/);
    await forbidden.first().waitFor().catch(() => {
      throw new Failure('no field error naming U+202E after typing it into the address');
    });
    if ((await address.getAttribute('aria-invalid')) !== 'true') throw new Failure('the address is not marked invalid');
    await expectAccessible(page, 'applicant-activation-forbidden-character');
    const street = 'Jl. Mawar No. 7, RT 02/RW 03, Panjer';
    await address.fill(street);
    await poll('the address error to go', async () => (await forbidden.count()) === 0, 5000, 100);
    await expectAccessible(page, 'applicant-activation-filled');

    await page.getByRole('button', { name: 'Lanjut', exact: true }).click();
    await page.getByRole('heading', { name: 'Periksa data Anda', level: 1 }).waitFor().catch(() => {
      throw new Failure('"Lanjut" did not lead to the summary');
    });
    const main = page.getByRole('main');
    for (const shown of [street, 'Kebumen', 'Jawa Tengah', basename(files.ktp), basename(files.decree), basename(files.specimen)]) {
      if ((await main.getByText(shown, { exact: false }).count()) === 0) throw new Failure(`the summary does not show "${shown}"`);
    }
    await expectAccessible(page, 'applicant-activation-summary');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.getByRole('heading', { name: 'Data Anda sudah terkirim', level: 1 }).waitFor().catch(() => {
      throw new Failure('no "Data Anda sudah terkirim" after "Kirim"');
    });
    if ((await main.getByRole('link', { name: 'Masuk ke akun AMS' }).count()) !== 1) {
      throw new Failure('the done page does not link to the log-in page');
    }
    await expectAccessible(page, 'applicant-activation-done');

    // Sent: the session is over and the link used up.
    await page.reload();
    await invalidLinkShown(page);
    await expectAccessible(page, 'applicant-activation-used');
    await page.context().close();
  },

  // SOP step 1 by an agency's user: signed in, they land on their agency's applications (and the
  // app asks nothing of the operators' work: no WorkService call, no /events); the form checks as
  // it is typed: a 15-digit NIK is refused under its field by the server (validate_only), the
  // right one clears it; a right-to-left override in the name is told at once, here; the letter
  // goes to the server with a progress bar and its verdict; "Lanjut" shows everything to check;
  // "Kirim" sends it, and the list shows it as submitted. Prints "APPLICATION applications/<id>".
  async 'agency-submit'(browser) {
    const operator = need('AMSTEST_AGENCY_OPERATOR');
    const identity = JSON.parse(need('AMSTEST_APPLICATION_JSON'));
    const letter = need('AMSTEST_LETTER');
    const superiorName = need('AMSTEST_SUPERIOR_NAME');
    const superiorNip = need('AMSTEST_SUPERIOR_NIP');
    const name = process.env.AMSTEST_APPLICANT || identity.fullName;
    if (!name) throw new Failure('AMSTEST_APPLICANT is not set');
    const page = await newPage(browser);
    const operatorsWork = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/ams.gateway.v1.WorkService/') || path === '/events') operatorsWork.push(path);
    });

    await submitSignIn(page, operator);
    await page.getByRole('heading', { name: 'Permohonan instansi', level: 1 }).waitFor().catch(() => {
      throw new Failure(`${operator} does not land on "Permohonan instansi" after signing in`);
    });
    if (new URL(page.url()).pathname !== '/instansi') throw new Failure(`the agency's user landed on ${page.url()}, not /instansi`);
    const links = await page.getByRole('navigation', { name: 'Pekerjaan' }).getByRole('link').allTextContents();
    if (links.join(' | ') !== 'Permohonan instansi') {
      throw new Failure(`the agency's user's navigation offers ${JSON.stringify(links)}, not only "Permohonan instansi"`);
    }
    await agencyListShown(page);
    await expectAccessible(page, 'agency-list');

    await page.getByRole('link', { name: 'Ajukan permohonan baru' }).click();
    await page.getByRole('heading', { name: 'Ajukan permohonan', level: 1 }).waitFor();
    const field = (label) => page.getByLabel(label, { exact: true });
    const numberLabel = { EMPLOYEE_TYPE_ASN_PNS: 'NIP', EMPLOYEE_TYPE_PPPK: 'Nomor PPPK' }[identity.employeeType] ?? 'Nomor pegawai';
    const nik = field('NIK');
    const fullName = field('Nama lengkap');
    await fullName.fill(name);
    await nik.fill(identity.nik.slice(0, 15));
    await field('Status kepegawaian').selectOption(identity.employeeType);
    await field(numberLabel).fill(identity.employeeNumber);
    await field('Jabatan').fill(identity.position);
    await field('Unit kerja').fill(identity.workUnit);
    await field('E-mail dinas').fill(identity.officialEmail);
    await field('Nomor ponsel').fill(identity.phone);
    await field('Nama atasan yang menandatangani').fill(superiorName);
    await field('NIP atasan').fill(superiorNip);

    // The server's verdict on the 15-digit NIK, under the NIK field, as it was typed.
    const refusal = 'tidak diterima server';
    await poll('the server\'s refusal of a 15-digit NIK under the NIK field', async () =>
      (await nik.getAttribute('aria-invalid')) === 'true' && (await descriptionOf(nik)).includes(refusal), 15000, 100);
    // "Lanjut" without the letter: the error summary names both.
    await page.getByRole('button', { name: 'Lanjut', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Ada masalah' });
    await summary.waitFor().catch(() => {
      throw new Failure('no error summary after "Lanjut" with a 15-digit NIK and no letter');
    });
    for (const told of [`NIK ${refusal}`, 'Unggah surat rekomendasi']) {
      if (!((await summary.textContent()) ?? '').includes(told)) throw new Failure(`the error summary does not say "${told}"`);
    }
    await expectAccessible(page, 'agency-form-errors');

    await nik.fill(identity.nik);
    await poll('the NIK refusal to go once the NIK is right', async () =>
      (await nik.getAttribute('aria-invalid')) !== 'true' && !(await descriptionOf(nik)).includes(refusal), 15000, 100);

    // A right-to-left override in the name: told at its field at once (the shared field rules).
    await fullName.fill(`\u202E${name}`);
    await poll('the name\'s error naming U+202E', async () => (await descriptionOf(fullName)).includes('U+202E'), 5000, 100);
    if ((await fullName.getAttribute('aria-invalid')) !== 'true') throw new Failure('the name with U+202E is not marked invalid');
    await fullName.fill(name);
    await poll('the name\'s error to go', async () => !(await descriptionOf(fullName)).includes('U+202E'), 5000, 100);

    // The letter: a progress bar while it goes to the server, then the server's verdict.
    const region = page.getByRole('region', { name: 'Surat rekomendasi (PDF)' });
    await region.evaluate((el) => {
      window.amsSawProgress = false;
      new MutationObserver(() => {
        if (el.querySelector('[role="progressbar"]')) window.amsSawProgress = true;
      }).observe(el, { childList: true, subtree: true });
    });
    await chooseFile(page, region, letter);
    await region.getByText('Server dapat membaca berkas ini sebagai PDF').waitFor().catch(async () => {
      throw new Failure(`the letter ${basename(letter)} was not accepted: ${await region.textContent()}`);
    });
    if (!(await page.evaluate(() => window.amsSawProgress))) throw new Failure('no progress bar while the letter went to the server');
    await region.getByText(basename(letter), { exact: true }).waitFor().catch(() => {
      throw new Failure(`the letter's name ${basename(letter)} is not shown`);
    });

    await page.getByRole('button', { name: 'Lanjut', exact: true }).click();
    await page.getByRole('heading', { name: 'Periksa lagi', level: 1 }).waitFor().catch(async () => {
      const problems = await page.getByRole('alert').filter({ hasText: 'Ada masalah' }).textContent().catch(() => '');
      throw new Failure(`"Lanjut" did not lead to "Periksa lagi"${problems ? `: ${problems}` : ''}`);
    });
    const main = page.getByRole('main');
    for (const shown of [name, identity.nik, identity.officialEmail, identity.position, basename(letter), superiorName]) {
      if ((await main.getByText(shown, { exact: false }).count()) === 0) throw new Failure(`"Periksa lagi" does not show "${shown}"`);
    }
    await expectAccessible(page, 'agency-summary');

    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    const submitted = page.getByRole('status').filter({ hasText: 'sudah diajukan' });
    await submitted.waitFor({ timeout: 60000 }).catch(async () => {
      const problems = await page.getByRole('alert').filter({ hasText: 'Ada masalah' }).textContent().catch(() => '');
      throw new Failure(`no "sudah diajukan" after "Kirim"${problems ? `: ${problems}` : ''}`);
    });
    if (new URL(page.url()).pathname !== '/instansi') throw new Failure(`after "Kirim" the page is ${page.url()}, not /instansi`);
    const application = (await submitted.getAttribute('data-application')) ?? '';
    if (!/^applications\/[^/\s]+$/.test(application)) throw new Failure(`the submitted notice names ${JSON.stringify(application)}`);
    const row = page.locator(`tr[data-application="${application}"]`);
    await poll(`${application} in the list`, async () => {
      if ((await row.count()) === 1) return true;
      await page.reload();
      await agencyListShown(page);
      return (await row.count()) === 1;
    });
    if ((await row.getByRole('rowheader', { name, exact: true }).count()) !== 1) throw new Failure(`${application} is not listed under "${name}"`);
    if (!/Diajukan/.test((await row.textContent()) ?? '')) throw new Failure(`${application} is not listed as "Diajukan": ${await row.textContent()}`);
    console.log(`APPLICATION ${application}`);
    await expectAccessible(page, 'agency-submitted');
    if (operatorsWork.length > 0) throw new Failure(`the agency's user's app asked for the operators' work: ${[...new Set(operatorsWork)].join(', ')}`);
    await page.context().close();
  },

  // A link no one was sent (43 random base64url characters): refused as any unusable link, with
  // how to get a new one.
  async 'applicant-link-invalid'(browser) {
    const page = await phonePage(browser);
    await page.goto(`${settings.baseUrl}/aktivasi?token=${randomBytes(32).toString('base64url')}`);
    if (page.url().includes('token')) throw new Failure(`the token stayed in the address: ${page.url()}`);
    await invalidLinkShown(page);
    await expectAccessible(page, 'applicant-link-invalid');
    await page.context().close();
  },

  // A real link whose 72 hours have passed (AMSTEST_ACTIVATION_TOKEN): the same page as for any
  // link that cannot be used, with how to get a new one.
  async 'applicant-link-expired'(browser) {
    const token = need('AMSTEST_ACTIVATION_TOKEN');
    const page = await phonePage(browser);
    await page.goto(`${settings.baseUrl}/aktivasi?token=${token}`);
    if (page.url().includes('token')) throw new Failure(`the token stayed in the address: ${page.url()}`);
    await invalidLinkShown(page);
    await expectAccessible(page, 'applicant-link-expired');
    await page.context().close();
  },

  // Steps 7 and 8 on a phone: log in with the mailed password, which must be changed first; a
  // weak new password told by its rule, a strong one accepted; then the account page; log out;
  // log in again with the new password, straight to the account.
  async 'applicant-account'(browser) {
    const username = need('AMSTEST_USERNAME');
    const initial = need('AMSTEST_INITIAL_PASSWORD');
    const page = await phonePage(browser);
    await page.goto(`${settings.baseUrl}/akun/masuk`);
    await page.getByRole('heading', { name: 'Masuk ke akun AMS', level: 1 }).waitFor();
    await expectAccessible(page, 'applicant-login');
    await applicantLogIn(page, username, initial);
    await page.getByRole('heading', { name: 'Ganti kata sandi awal', level: 1 }).waitFor().catch(() => {
      throw new Failure('logging in with the mailed password did not lead to "Ganti kata sandi awal"');
    });
    if (new URL(page.url()).pathname !== '/akun/ganti-sandi') throw new Failure(`the password change is at ${page.url()}`);
    // The account page is not open before the change.
    await page.goto(`${settings.baseUrl}/akun`);
    await page.getByRole('heading', { name: 'Ganti kata sandi awal', level: 1 }).waitFor().catch(() => {
      throw new Failure('/akun opened before the mailed password was changed');
    });

    await page.getByLabel('Kata sandi dari e-mail', { exact: true }).fill(initial);
    const next = page.getByLabel('Kata sandi baru', { exact: true });
    const meter = page.getByRole('meter', { name: 'Kekuatan kata sandi' });
    const verdict = page.locator('#password-check');
    await next.fill('password123');
    await poll('a rule for "password123"', async () => {
      if ((await meter.count()) === 0) return false;
      return (await meter.getAttribute('aria-valuetext')) === 'Tidak dapat dipakai' && ((await verdict.textContent()) ?? '').trim() !== '';
    }, 10000, 100);
    const rule = ((await verdict.textContent()) ?? '').trim();
    if (/memenuhi aturan\.$/.test(rule)) throw new Failure(`"password123" was called acceptable: ${rule}`);
    await expectAccessible(page, 'applicant-password-weak');

    const strong = strongPassword();
    await next.fill(strong);
    await poll('"strong" for a long random password', async () => {
      if (((await verdict.textContent()) ?? '').trim() !== 'Kata sandi ini memenuhi aturan.') return false;
      return /^(Kuat|Sedang)$/.test((await meter.getAttribute('aria-valuetext')) ?? '');
    }, 10000, 100).catch(async (e) => {
      throw new Failure(`${e.message} (meter ${await meter.getAttribute('aria-valuetext')}, "${await verdict.textContent()}")`);
    });
    await page.getByLabel('Ulangi kata sandi baru', { exact: true }).fill(strong);
    await expectAccessible(page, 'applicant-password-change');
    await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await page.getByRole('heading', { name: 'Akun AMS Anda', level: 1 }).waitFor().catch(() => {
      throw new Failure('no account page after the password was changed');
    });
    await statusSays(page, 'Kata sandi Anda sudah diganti');
    if ((await page.getByRole('main').getByText(username, { exact: true }).count()) === 0) {
      throw new Failure(`the account page does not show the username ${username}`);
    }
    await expectAccessible(page, 'applicant-account');

    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await page.getByRole('heading', { name: 'Masuk ke akun AMS', level: 1 }).waitFor().catch(() => {
      throw new Failure('"Keluar" did not lead to the log-in page');
    });
    await statusSays(page, 'Anda telah keluar');
    const status = await page.evaluate(async () => {
      const r = await fetch('/ams.gateway.v1.ApplicantService/GetAccount', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Connect-Protocol-Version': '1' },
        body: '{}',
      });
      return r.status;
    });
    if (status !== 401) throw new Failure(`GetAccount after "Keluar" answered ${status}, not 401`);
    await expectAccessible(page, 'applicant-logged-out');

    await applicantLogIn(page, username, strong);
    await page.getByRole('heading', { name: 'Akun AMS Anda', level: 1 }).waitFor().catch(() => {
      throw new Failure('the new password did not log in to the account page');
    });
    await page.context().close();
  },

  // Wrong passwords until the account locks for this device: then even the right password
  // (AMSTEST_INITIAL_PASSWORD) is refused, with the same words (a lock tells nobody whether the
  // account exists), and the page says that repeated failures lock it.
  async 'applicant-lockout'(browser) {
    const username = need('AMSTEST_USERNAME');
    const right = need('AMSTEST_INITIAL_PASSWORD');
    const page = await phonePage(browser);
    await page.goto(`${settings.baseUrl}/akun/masuk`);
    await page.getByRole('heading', { name: 'Masuk ke akun AMS', level: 1 }).waitFor();
    const summary = page.getByRole('alert').filter({ hasText: 'Ada masalah' });
    const password = page.getByLabel('Kata sandi', { exact: true });
    const attempt = async (value) => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/ams.gateway.v1.ApplicantService/LogIn')),
        applicantLogIn(page, username, value),
      ]);
      // The page has taken the answer in once it cleared the password.
      await poll('the log-in page to take the answer in', async () => (await password.inputValue()) === '', 10000, 100);
      return response.status();
    };
    for (let i = 1; i <= 5; i += 1) {
      const status = await attempt(`salah-${i}-${randomBytes(6).toString('hex')}`);
      if (status !== 401) throw new Failure(`wrong password ${i} answered ${status}, not 401`);
      await summary.waitFor();
    }
    const text = (await summary.textContent()) ?? '';
    if (!/dikunci sementara/.test(text)) throw new Failure(`the page does not say that failures lock the account: ${text}`);
    const locked = await attempt(right);
    if (locked !== 401) throw new Failure(`the right password after 5 wrong ones answered ${locked}: the account is not locked`);
    if ((await page.getByRole('heading', { name: 'Masuk ke akun AMS', level: 1 }).count()) !== 1) {
      throw new Failure('the right password of a locked account left the log-in page');
    }
    await expectAccessible(page, 'applicant-lockout');
    await page.context().close();
  },

  // The status page the application's mails link to (/status/{id}), on a phone: AMSTEST_APPLICATION
  // at its step (marked aria-current="step" among the SOP's eight, and named as such above them),
  // since when, and that step's standard time; nothing of the applicant's. An id the ledger does
  // not know: "no application with this number". An address that holds no id: a broken link,
  // told without asking the server.
  async 'applicant-status'(browser) {
    const application = settings.application;
    const id = application.replace(/^applications\//, '');
    const page = await phonePage(browser);
    const asked = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/ams.gateway.v1.ApplicantService/GetApplicationStatus')) asked.push(r.postData() ?? '');
    });
    const steps = page.getByRole('region', { name: 'Langkah pendaftaran' }).getByRole('listitem');
    const current = steps.and(page.locator('[aria-current="step"]'));
    // The audit service records the events a moment after the services publish them.
    await page.goto(`${settings.baseUrl}/status/${id}`);
    await poll(`the status of ${application} at a step`, async () => {
      await page.locator('[data-status]:not([data-status="loading"])').waitFor();
      if ((await current.count()) > 0) return true;
      if ((await page.locator('[data-status="not-found"]').count()) > 0) await page.reload();
      else {
        const heading = await page.getByRole('heading', { level: 1 }).textContent();
        const now = await page.locator('#status-now-title').textContent().catch(() => '');
        throw new Failure(`no current step on the status page of ${application} ("${heading}": "${now}")`);
      }
      return false;
    });
    if (!asked.some((body) => JSON.parse(body).application === application)) {
      throw new Failure(`the status page did not ask for ${application}: ${asked.join(', ')}`);
    }
    if ((await steps.count()) !== 8 || (await current.count()) !== 1) {
      throw new Failure(`${await steps.count()} steps listed, ${await current.count()} of them current; expected 8 and 1`);
    }
    const texts = await steps.allTextContents();
    const step = texts.findIndex((text) => text.includes('Di sini sekarang')) + 1;
    if (step === 0 || !((await current.textContent()) ?? '').includes('Di sini sekarang')) {
      throw new Failure(`the current step does not say "Di sini sekarang": ${texts.join(' | ')}`);
    }
    if (!texts.slice(0, step - 1).every((text) => text.includes('Selesai')) || !texts.slice(step).every((text) => text.includes('Belum'))) {
      throw new Failure(`the steps before ${step} should say "Selesai" and those after it "Belum": ${texts.join(' | ')}`);
    }
    const now = page.getByRole('region', { name: new RegExp(`^Langkah ${step} dari 8: `) });
    if ((await now.count()) !== 1) throw new Failure(`the page does not say "Langkah ${step} dari 8" above the steps`);
    const since = (await now.textContent()) ?? '';
    if (!/Sejak .+ WIB \((\d+ \S+ yang lalu|sekarang)\)/.test(since)) throw new Failure(`no "Sejak … WIB (… yang lalu)": ${since}`);
    const minutes = [1, 3, 1, 3, 3, 1, 1, 1][step - 1];
    const main = page.getByRole('main');
    if ((await main.getByText(`Waktu standar menurut SOP: ${minutes} menit.`).count()) !== 1) {
      throw new Failure(`step ${step}'s standard time (${minutes} menit) is not said`);
    }
    if (process.env.AMSTEST_APPLICANT && ((await main.textContent()) ?? '').includes(process.env.AMSTEST_APPLICANT)) {
      throw new Failure('the status page shows the applicant\'s name');
    }
    await expectAccessible(page, 'applicant-status');

    await page.goto(`${settings.baseUrl}/status/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Tidak ada permohonan dengan nomor ini', level: 1 }).waitFor().catch(() => {
      throw new Failure('an unknown id is not told as "Tidak ada permohonan dengan nomor ini"');
    });
    await expectAccessible(page, 'applicant-status-not-found');

    const before = asked.length;
    await page.goto(`${settings.baseUrl}/status/bukan-id`);
    await page.getByRole('heading', { name: 'Tautan ini tampaknya rusak', level: 1 }).waitFor().catch(() => {
      throw new Failure('/status/bukan-id is not told as a broken link ("Tautan ini tampaknya rusak")');
    });
    if (asked.length !== before) throw new Failure('the status page asked the server about "bukan-id"');
    await expectAccessible(page, 'applicant-status-broken');
    await page.context().close();
  },
};

// A phone: the applicants' pages are used on one first.
function phonePage(browser) {
  return newPage(browser, { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
}

// The activation form has loaded (not the loading page of the same title).
async function activationForm(page) {
  await page.locator('[data-activation="form"]').waitFor().catch(async () => {
    const heading = await page.getByRole('heading', { level: 1 }).first().textContent().catch(() => '');
    throw new Failure(`no activation form (the page says "${heading}")`);
  });
}

async function invalidLinkShown(page) {
  await page.getByRole('heading', { name: 'Tautan ini tidak dapat dipakai lagi', level: 1 }).waitFor().catch(() => {
    throw new Failure('no "Tautan ini tidak dapat dipakai lagi"');
  });
  for (const told of ['Cara mendapatkan tautan baru', '72 jam']) {
    if ((await page.getByRole('main').getByText(told).count()) === 0) throw new Failure(`the invalid link page does not say "${told}"`);
  }
}

// Chooses a file for a document as a person does: its button opens the file chooser.
async function chooseFile(page, region, path) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    region.getByRole('button', { name: /^(Pilih berkas|Ganti berkas)/ }).click(),
  ]);
  await chooser.setFiles(path);
}

// Uploads a file the server takes: a progress bar while it goes (seen by an observer: a small
// file on a fast line is up in a moment), "Diterima", and its preview: the image itself, loaded,
// or for a PDF its name.
async function uploadAndSee(page, region, path, imageOf) {
  await region.evaluate((el) => {
    window.amsSawProgress = false;
    new MutationObserver(() => {
      if (el.querySelector('[role="progressbar"]')) window.amsSawProgress = true;
    }).observe(el, { childList: true, subtree: true });
  });
  await chooseFile(page, region, path);
  await region.getByText(/Diterima: /).waitFor().catch(async () => {
    throw new Failure(`${basename(path)} was not accepted: ${await region.textContent()}`);
  });
  if (!(await page.evaluate(() => window.amsSawProgress))) throw new Failure(`no progress bar while ${basename(path)} was uploading`);
  if (imageOf) {
    const image = region.getByRole('img', { name: `Pratinjau ${imageOf}`, exact: true });
    await poll(`the preview of ${basename(path)}`, async () => (await image.count()) === 1 && image.evaluate((img) => img.complete && img.naturalWidth > 0), 5000, 100);
  } else {
    await region.getByText(basename(path), { exact: true }).waitFor().catch(() => {
      throw new Failure(`the PDF's name ${basename(path)} is not shown`);
    });
  }
}

async function applicantLogIn(page, username, password) {
  await page.getByLabel('Nama pengguna', { exact: true }).fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

// A long random password of the server's four classes, with no vowel (so no part of anyone's
// name or a dictionary word) and no run of digits.
function strongPassword() {
  const sets = ['BCDFGHJKLMNPQRSTVWXZ', 'bcdfghjkmnpqrstvwxz', '23456789', '!#%*+-=?@'];
  const bytes = randomBytes(20);
  return [...bytes].map((b, i) => {
    const set = sets[i % sets.length];
    return set[b % set.length];
  }).join('');
}

// What the timeline lacks of steps 1, 2, 3 and 5 (each a row whose header starts "<n>. ", the
// last of its kind if a step ran twice), with a person named for 2, 3 and 5 (for 5, the
// verifier: by display name or operator id); '' when nothing.
async function timelineProblem(page, me) {
  for (const step of [1, 2, 3, 5]) {
    const rows = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${step}\\. `) }) });
    if ((await rows.count()) === 0) return `no step ${step}`;
    const row = rows.last();
    if (/Belum dimulai/.test((await row.textContent()) ?? '')) return `step ${step} not started`;
    if (step === 1) continue;
    const actor = ((await row.getByRole('cell').first().textContent()) ?? '').trim();
    if (actor === '' || actor === '—') return `nobody named for step ${step}`;
    if (step === 5 && actor !== me && actor !== 'verifikator') return `step 5 by "${actor}", expected "${me}"`;
  }
  return '';
}

// A case's documents as the verifier sees them: the KTP scan and the signature specimen shown in
// the page, loaded (a broken image gives way to words, so no image is a failure too), and the
// decree (SK) a link to its PDF that opens in a new tab.
async function expectDocuments(page, name) {
  await page.getByRole('heading', { name: 'Dokumen', level: 2 }).waitFor().catch(() => {
    throw new Failure('no "Dokumen" section on the case page');
  });
  for (const alt of [`Pindaian KTP ${name}`, `Spesimen tanda tangan ${name}`]) {
    const image = page.getByRole('img', { name: alt, exact: true });
    await poll(`the image "${alt}" to load`, async () => {
      if ((await image.count()) === 0) {
        const failed = await page.getByText('Gambar tidak dapat ditampilkan').count();
        throw new Failure(failed > 0 ? `the image "${alt}" could not be loaded` : `no image "${alt}"`);
      }
      return image.evaluate((img) => img.complete && img.naturalWidth > 0);
    }, 15000, 200);
  }
  const sk = page.getByRole('link', { name: /^Buka SK \(PDF\)/ });
  if ((await sk.count()) !== 1) throw new Failure('no single "Buka SK (PDF)" link');
  const href = (await sk.getAttribute('href')) ?? '';
  if (!href.endsWith('/sk')) throw new Failure(`"Buka SK (PDF)" links to ${JSON.stringify(href)}, not to ".../sk"`);
  if ((await sk.getAttribute('target')) !== '_blank' || !/noopener/.test((await sk.getAttribute('rel')) ?? '')) {
    throw new Failure('"Buka SK (PDF)" should open a new tab with rel="noopener noreferrer"');
  }
}

// Chooses a kind of reason in the return or reject dialog as a person does: by its label (the
// radio itself is visually hidden behind its drawn circle).
async function chooseReason(dialog, label) {
  await dialog.getByText(label, { exact: true }).click();
  if (!(await dialog.getByRole('radio', { name: label }).isChecked())) throw new Failure(`"${label}" not chosen`);
}

// Opens the first item of the queue shown, if its rows link to item pages, and saves it and its
// timeline. Resolves with whether there was one.
async function screenshotFirstItem(page, shot) {
  const link = page.getByRole('rowheader').getByRole('link').first();
  if ((await link.count()) === 0) return false;
  const name = ((await link.textContent()) ?? '').trim();
  const base = shot.replace('-queue', '');
  await link.click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await expectAccessible(page, `screens-${base}-item`);
  await page.getByRole('link', { name: 'Linimasa permohonan' }).click();
  await page.getByRole('table', { name: 'Langkah SOP' }).waitFor();
  await expectAccessible(page, `screens-${base}-timeline`);
  return true;
}

// The rows a queue page shows, by name ('' when none), to tell whether the list changed.
async function shownRows(page) {
  return (await page.getByRole('rowheader').allTextContents()).join(' | ');
}

// Only the enrolment: no work navigation, no home link, no account security link.
async function onlyEnrolment(page) {
  for (const [what, locator] of [
    ['the work navigation', page.getByRole('navigation', { name: 'Pekerjaan' })],
    ['a "Beranda" link', page.getByRole('link', { name: 'Beranda' })],
    ['a link to the home page', page.locator('a[href="/"]')],
    ['a queue link', page.getByRole('link', { name: /Antrian|Pendaftaran BSrE|Kasus verifikasi|Audit/ })],
    ['"Keamanan akun"', page.getByRole('link', { name: 'Keamanan akun' })],
  ]) {
    if ((await locator.count()) > 0) throw new Failure(`the enrolment-only screen offers ${what}`);
  }
}

// The operators' list has answered: its count ("N akun").
async function operatorsShown(page) {
  await poll(
    'the operators to load',
    async () => (await page.getByRole('status').filter({ hasText: /^\d+ akun$/ }).count()) > 0,
    15000,
    200,
  );
}

// The keys' list has answered: its count ("N kunci, M aktif").
async function keysShown(page) {
  await poll(
    'the API keys to load',
    async () => (await page.getByRole('status').filter({ hasText: /\d+ kunci, \d+ aktif/ }).count()) > 0,
    15000,
    200,
  );
}

// An operator's row, by its resource name.
function operatorRow(page, name) {
  return page.locator(`tr[data-operator="${name}"]`);
}

async function expectRowSays(row, words) {
  const text = (await row.textContent()) ?? '';
  for (const word of words) if (!text.includes(word)) throw new Failure(`the row does not say "${word}": ${text}`);
}

// Ticks a role's checkbox (its label starts with the role's name) and waits until it is ticked.
async function tick(dialog, role) {
  const box = dialog.getByRole('checkbox', { name: new RegExp(`^${role}`) });
  // The box is drawn beside the words; the input itself is visually hidden: press the label.
  await dialog.locator('label').filter({ hasText: new RegExp(`^${role}`) }).click();
  await poll(`"${role}" ticked`, async () => box.isChecked(), 5000, 100);
}

// The operator form: id, display name, one role.
async function fillOperator(dialog, id, name, role) {
  await dialog.getByLabel('ID operator').fill(id);
  await dialog.getByLabel('Nama tampilan').fill(name);
  await tick(dialog, role);
}

async function secretOf(dialog) {
  const shown = dialog.locator('[data-one-time-secret]');
  const secret = (await shown.getAttribute('data-one-time-secret')) ?? '';
  // On screen in groups, without spaces between them.
  const text = (await shown.textContent()) ?? '';
  if (text !== secret) throw new Failure(`the secret on screen (${JSON.stringify(text)}) is not the secret (${JSON.stringify(secret)})`);
  return secret;
}

// The dialog titled `title` that shows a secret once: it says so, "Salin" copies the secret
// whole, axe in both languages (screenshot `name`), `check` if given, "Tutup" closes it for good.
// Resolves with the secret.
async function oneTimeSecret(page, title, name, check) {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor().catch(() => {
    throw new Failure(`no dialog "${title}"`);
  });
  const secret = await secretOf(dialog);
  if (!secret) throw new Failure(`the dialog "${title}" shows no secret`);
  if (!((await dialog.textContent()) ?? '').includes('hanya tampil sekali')) throw new Failure(`"${title}" does not say it is shown only once`);
  await dialog.getByRole('button', { name: /^Salin/ }).click();
  await dialog.getByRole('status').filter({ hasText: 'Sudah disalin' }).waitFor().catch(() => {
    throw new Failure(`"Salin" in "${title}" did not say it copied`);
  });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== secret) throw new Failure(`"Salin" copied ${JSON.stringify(copied)}, not the secret`);
  if (check) await check(dialog);
  await expectAccessible(page, name);
  // Escape does not close it: only "Tutup".
  await page.keyboard.press('Escape');
  if ((await dialog.count()) !== 1) throw new Failure(`Escape closed "${title}"`);
  await dialog.getByRole('button', { name: 'Tutup' }).click();
  await dialog.waitFor({ state: 'detached' });
  if ((await page.locator('[data-one-time-secret]').count()) > 0) throw new Failure('the secret is still in the page after "Tutup"');
  return secret;
}

// The agency's list has answered: its count ("Halaman 1: N permohonan").
async function agencyListShown(page) {
  await poll(
    'the agency\'s applications to load',
    async () => (await page.getByRole('status').filter({ hasText: /Halaman \d+: \d+ permohonan/ }).count()) > 0,
    15000,
    200,
  );
}

// The words a field's aria-describedby points at (its hint and its error).
async function descriptionOf(locator) {
  return locator.evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((ref) => document.getElementById(ref)?.textContent ?? '')
      .join(' '),
  );
}

// The overview has answered and is not loading again: its funnel is there and "Muat ulang" is
// no longer pending.
async function overviewShown(page) {
  const funnel = page.getByRole('img', { name: /^Permohonan per langkah sekarang/ });
  const reload = page.getByRole('button', { name: 'Muat ulang' });
  await poll(
    'the overview to load',
    async () => (await funnel.count()) > 0 && (await reload.getAttribute('aria-disabled')) !== 'true',
    15000,
    200,
  );
}

// The funnel's counts by step, from its name ("…: 2. Penerusan ke BSrE: 1; 3. …: 0; …").
function funnelCounts(label) {
  const counts = new Map();
  for (const m of label.matchAll(/(\d+)\. [^:;]+: ([\d.]+)/g)) counts.set(Number(m[1]), Number(m[2].replace(/\D/g, '')));
  return counts;
}

// The parked-mail page has answered: its count ("N surat tertahan").
async function parkedMailShown(page) {
  await poll(
    'the parked mail to load',
    async () => (await page.getByRole('status').filter({ hasText: /\d+ surat tertahan/ }).count()) > 0,
    15000,
    200,
  );
}

// The ledger page has answered: its count ("Halaman 1: N entri").
async function ledgerShown(page) {
  await poll(
    'the ledger to load',
    async () => (await page.getByRole('status').filter({ hasText: /Halaman \d+: \d+ entri/ }).count()) > 0,
    15000,
    200,
  );
}

// Whether the ledger shown is the application's alone and lists its submission and forwarding.
async function ledgerOfApplication(page, id) {
  const table = page.getByRole('table', { name: /^Entri buku besar/ });
  if ((await table.count()) === 0) return false;
  const hrefs = await table.getByRole('link', { name: /^Linimasa permohonan/ }).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const rows = await table.getByRole('row').count();
  if (hrefs.length === 0 || hrefs.length !== rows - 1 || !hrefs.every((h) => h.includes(id))) return false;
  for (const label of ['Permohonan diajukan', 'Permohonan diteruskan ke BSrE']) {
    if ((await table.getByRole('row').filter({ hasText: label }).count()) === 0) return false;
  }
  return true;
}

// A queue page has answered: its count, or its empty message.
async function queueShown(page) {
  await poll(
    'the queue to load',
    async () => (await page.getByRole('status').filter({ hasText: /\d+ permohonan/ }).count()) > 0,
    15000,
    200,
  );
}

async function main() {
  const phase = process.argv[2];
  const run = phases[phase];
  if (!run) {
    console.error(`usage: node e2e/dashboard.mjs <${Object.keys(phases).join('|')}>`);
    return 2;
  }
  const browser = await launch();
  const limit = setTimeout(() => {
    console.error(`dashboard ${phase}: FAIL: took longer than 3 minutes`);
    process.exit(1);
  }, 180000);
  try {
    await run(browser);
    console.log(`dashboard ${phase}: ok (screenshots in ${settings.screenshots})`);
    return 0;
  } catch (error) {
    const message = error instanceof Failure ? error.message : (error?.stack ?? String(error));
    console.error(`dashboard ${phase}: FAIL: ${message}`);
    return 1;
  } finally {
    clearTimeout(limit);
    await browser.close();
  }
}

process.exitCode = await main();
