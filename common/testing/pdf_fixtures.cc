#include "common/testing/pdf_fixtures.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ams::testing {
namespace {

constexpr size_t kSignatureHexChars = 8192;
constexpr char kRangePlaceholder[] = "/ByteRange [0 0000000000 0000000000 0000000000]";

// Writes numbered objects and the cross-reference table; offsets are computed as it goes.
class PdfWriter {
 public:
  PdfWriter() { out_ = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"; }
  void Object(const std::string& body) {
    offsets_.push_back(out_.size());
    absl::StrAppend(&out_, offsets_.size(), " 0 obj\n", body, "\nendobj\n");
  }
  std::string Finish() {
    size_t xref = out_.size();
    absl::StrAppend(&out_, "xref\n0 ", offsets_.size() + 1, "\n0000000000 65535 f \n");
    for (size_t o : offsets_) absl::StrAppend(&out_, absl::StrFormat("%010d 00000 n \n", o));
    absl::StrAppend(&out_, "trailer\n<< /Size ", offsets_.size() + 1,
                    " /Root 1 0 R >>\nstartxref\n", xref, "\n%%EOF\n");
    return out_;
  }

 private:
  std::string out_;
  std::vector<size_t> offsets_;
};

std::string Page(absl::string_view text, bool with_signature_field) {
  return absl::StrCat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R",
                      " /Resources << /Font << /F1 5 0 R >> >>",
                      with_signature_field ? " /Annots [6 0 R]" : "", " >>");
}

std::string Content(absl::string_view text) {
  std::string stream = absl::StrCat("BT /F1 12 Tf 72 770 Td (", text, ") Tj ET");
  return absl::StrCat("<< /Length ", stream.size(), " >>\nstream\n", stream, "\nendstream");
}

std::string Build(absl::string_view text, size_t pad_to_bytes, bool signed_form,
                  absl::string_view catalog_entries = "",
                  const std::vector<std::string>& extra_objects = {}) {
  PdfWriter w;
  w.Object(absl::StrCat("<< /Type /Catalog /Pages 2 0 R",
                        signed_form ? " /AcroForm << /Fields [6 0 R] /SigFlags 3 >>" : "", " ",
                        catalog_entries, " >>"));
  w.Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  w.Object(Page(text, signed_form));
  w.Object(Content(text));
  w.Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  if (signed_form) {
    w.Object(
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Tanda Tangan Atasan) /F 132"
        " /Rect [0 0 0 0] /P 3 0 R /V 7 0 R >>");
    w.Object(absl::StrCat("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached ",
                          kRangePlaceholder, " /Contents <", std::string(kSignatureHexChars, '0'),
                          "> /M (D:20261125000000Z) >>"));
  } else {
    for (const std::string& o : extra_objects) w.Object(o);
    std::string doc = w.Finish();
    if (doc.size() >= pad_to_bytes) return doc;
    // A comment-only filler stream object keeps the file valid at any size.
    PdfWriter padded;
    padded.Object("<< /Type /Catalog /Pages 2 0 R >>");
    padded.Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    padded.Object(Page(text, false));
    padded.Object(Content(text));
    padded.Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    std::string filler(pad_to_bytes - doc.size(), 'x');
    padded.Object(
        absl::StrCat("<< /Length ", filler.size(), " >>\nstream\n", filler, "\nendstream"));
    return padded.Finish();
  }
  return w.Finish();
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "pdf fixture: %s failed\n", what);
    std::abort();
  }
}

// A certificate for `key` named `common_name`, issued by `issuer` (self-signed if null).
X509* Certificate(EVP_PKEY* key, absl::string_view common_name, const TestCa* issuer) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), issuer != nullptr ? 2 : 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  const std::string cn(common_name);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Pemkab Kebumen"), -1, -1, 0);
  X509_set_issuer_name(cert,
                       issuer != nullptr ? X509_get_subject_name(issuer->certificate()) : name);
  X509_set_pubkey(cert, key);
  if (issuer == nullptr || issuer->certificate() == nullptr) {
    // A root: a CA by its basic constraints, so that OpenSSL lets it issue.
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ca =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    X509_add_ext(cert, ca, -1);
    X509_EXTENSION_free(ca);
  }
  Check(X509_sign(cert, issuer != nullptr && issuer->key() != nullptr ? issuer->key() : key,
                  EVP_sha256()) > 0,
        "certificate");
  return cert;
}

// DER of a detached CMS signature over `data` by a fresh key.
std::string Sign(const std::string& data, const std::string& common_name, const TestCa* issuer) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  Check(key != nullptr, "keygen");
  X509* cert = Certificate(key, common_name, issuer);
  BIO* in = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
  CMS_ContentInfo* cms = CMS_sign(cert, key, nullptr, in, CMS_DETACHED | CMS_BINARY);
  Check(cms != nullptr, "CMS_sign");
  unsigned char* der = nullptr;
  int len = i2d_CMS_ContentInfo(cms, &der);
  Check(len > 0, "i2d_CMS_ContentInfo");
  std::string out(reinterpret_cast<char*>(der), len);
  OPENSSL_free(der);
  CMS_ContentInfo_free(cms);
  BIO_free(in);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

}  // namespace

TestCa::TestCa(absl::string_view common_name) : key_(nullptr), cert_(nullptr) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  Check(key != nullptr, "CA keygen");
  cert_ = Certificate(key, common_name, nullptr);
  key_ = key;
  BIO* out = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_X509(out, cert_) == 1, "CA PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(out, &data);
  pem_.assign(data, len);
  BIO_free(out);
}

TestCa::~TestCa() {
  X509_free(cert_);
  EVP_PKEY_free(key_);
}

std::string MakeDeepPageTreePdf(int levels) {
  PdfWriter w;
  w.Object("<< /Type /Catalog /Pages 2 0 R >>");
  for (int i = 0; i < levels; ++i) {
    w.Object(absl::StrCat("<< /Type /Pages /Kids [", i + 3, " 0 R] /Count 1 >>"));
  }
  w.Object(absl::StrCat("<< /Type /Page /Parent ", levels + 1, " 0 R /MediaBox [0 0 595 842] >>"));
  return w.Finish();
}

std::string MakePdfWithCatalog(absl::string_view catalog_entries,
                               const std::vector<std::string>& extra_objects) {
  return Build("Surat Rekomendasi", 0, false, catalog_entries, extra_objects);
}

std::string MakeUnsignedPdf(absl::string_view text, size_t pad_to_bytes) {
  return Build(text, pad_to_bytes, false);
}

std::string MakeSignedPdf(absl::string_view text, const SignedPdfOptions& options) {
  std::string doc = Build(text, 0, true);
  size_t hole_start = doc.find("/Contents <") + std::string("/Contents ").size();
  size_t hole_end = hole_start + kSignatureHexChars + 2;  // the hex digits and both brackets
  std::string range = absl::StrFormat("/ByteRange [0 %010d %010d %010d]", hole_start, hole_end,
                                      doc.size() - hole_end);
  doc.replace(doc.find(kRangePlaceholder), range.size(), range);
  std::string der = Sign(absl::StrCat(doc.substr(0, hole_start), doc.substr(hole_end)),
                         options.signer_common_name, options.issuer);
  std::string hex = absl::BytesToHexString(der);
  Check(hex.size() <= kSignatureHexChars, "signature fits");
  doc.replace(hole_start + 1, hex.size(), hex);
  if (options.tamper_after_signing) {
    size_t at = doc.find(absl::StrCat("(", text, ")"));
    Check(at != std::string::npos && !text.empty(), "tamper");
    doc[at + 1] ^= 0x01;
  }
  return doc;
}

}  // namespace ams::testing
