// Bahasa Indonesia: the first language of the app and the shape every other catalogue follows.
// Plain words (GOV.UK / INA Digital): say what happened and what to do next.
export const id = {
  app: {
    name: "AMS Kebumen",
    fullName: "Pendaftaran Akun AMS",
    owner: "Diskominfo Kabupaten Kebumen",
    titleSuffix: "AMS Kebumen",
    skipLink: "Langsung ke konten utama",
    loading: "Memuat…",
    retry: "Coba lagi",
  },
  language: {
    label: "Bahasa",
    id: "Bahasa Indonesia",
    en: "English",
  },
  signIn: {
    title: "Masuk",
    lead: "Masuk dengan akun operator Anda untuk membuka antrian kerja.",
    operator: "Nama operator",
    operatorHint: "Contoh: siti",
    password: "Kata sandi",
    submit: "Masuk",
    signedOut: "Anda telah keluar.",
    expired: "Sesi Anda telah berakhir. Silakan masuk lagi.",
  },
  errors: {
    summaryTitle: "Ada masalah",
    titlePrefix: "Galat: ",
    operatorMissing: "Masukkan nama operator",
    passwordMissing: "Masukkan kata sandi",
    wrongCredentials: "Nama operator atau kata sandi salah",
    tooManyAttempts:
      "Terlalu banyak percobaan masuk. Tunggu beberapa menit, lalu coba lagi.",
    unreachable:
      "Server tidak dapat dihubungi. Periksa sambungan Anda, lalu coba lagi.",
    unexpected: "Terjadi kesalahan pada server. Coba lagi nanti.",
    signOutFailed: "Gagal keluar. Anda masih masuk; coba lagi.",
  },
  shell: {
    account: "Akun",
    roles: "Peran",
    signOut: "Keluar",
    nav: "Pekerjaan",
    home: "Beranda",
  },
  roles: {
    unspecified: "Peran tidak dikenal",
    agency: "Instansi",
    diskominfoOp: "Operator Diskominfo",
    bsreOp: "Operator BSrE",
    verifier: "Verifikator",
    auditor: "Auditor",
    admin: "Administrator",
    service: "Layanan sistem",
  },
  queues: {
    diskominfo: {
      title: "Antrian tinjauan Diskominfo",
      description: "Tinjau permohonan dan surat rekomendasi, lalu kirim berkas ke BSrE.",
    },
    bsre: {
      title: "Pendaftaran BSrE",
      description: "Daftarkan identitas pemohon di AMS dan kirim tautan aktivasi.",
    },
    verifier: {
      title: "Kasus verifikasi",
      description: "Periksa data yang dilengkapi pemohon, lalu setujui atau tolak.",
    },
    audit: {
      title: "Audit",
      description: "Telusuri setiap langkah dan keputusan pada setiap permohonan.",
    },
  },
  home: {
    title: "Selamat datang, {{name}}",
    lead: "Pilih pekerjaan:",
    none: "Akun Anda belum memiliki peran yang memberi pekerjaan di sini. Hubungi administrator.",
  },
  placeholder: {
    notYet: "Belum tersedia.",
  },
  forbidden: {
    title: "Tidak ada akses",
    body: "Peran Anda tidak mencakup halaman ini.",
  },
  notFound: {
    title: "Halaman tidak ditemukan",
    body: "Periksa alamatnya, atau kembali ke beranda.",
  },
};

// Every catalogue has exactly these keys, each a string.
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Catalogue = Strings<typeof id>;
