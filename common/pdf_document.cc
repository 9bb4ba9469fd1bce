#include "common/pdf_document.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
// QPDF 11: use std::shared_ptr rather than its legacy PointerHolder.
#define POINTERHOLDER_TRANSITION 4
#include <exception>
#include <fstream>
#include <memory>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/polyglot.h"

namespace ams {
namespace {

struct OpenSslDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
  void operator()(X509* x) const { X509_free(x); }
};
template <typename T>
using Owned = std::unique_ptr<T, OpenSslDeleter>;

// Nesting of direct objects inspected for active content; QPDF's parser stops at 500.
constexpr int kMaxObjectDepth = 64;

std::string SizeText(size_t bytes) {
  return bytes % (1024 * 1024) == 0 ? absl::StrCat(bytes / (1024 * 1024), " MiB")
                                    : absl::StrCat(bytes, " bytes");
}

// ISO 32000-1 §7.5.2: the header is the first line. Readers that look for it further in are
// what a polyglot (a ZIP or an executable that is also a PDF) relies on; so are bytes after
// the last end-of-file marker.
absl::Status CheckFraming(absl::string_view b) {
  if (b.substr(0, 5) != "%PDF-") {
    return absl::InvalidArgumentError("is not a PDF: it must start with %PDF- at its first byte");
  }
  if (EndsLikeAZip(b)) {
    return absl::InvalidArgumentError("is not a plain PDF: it also reads as a ZIP archive");
  }
  const size_t eof = b.rfind("%%EOF");
  if (eof == absl::string_view::npos ||
      !absl::StripTrailingAsciiWhitespace(b.substr(eof + 5)).empty()) {
    return absl::InvalidArgumentError(
        "is not a plain PDF: it must end with %%EOF, with nothing after it");
  }
  return absl::OkStatus();
}

// Walks the page tree without recursion, so a tree nested thousands of levels deep (which
// overflows the stack of a recursive walker such as QPDF's getAllPages) is refused first.
absl::StatusOr<int> CountPages(QPDFObjectHandle root) {
  std::vector<std::pair<QPDFObjectHandle, int>> pending = {{root, 1}};
  std::set<QPDFObjGen> seen;
  int pages = 0;
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node.isDictionary()) return absl::InvalidArgumentError("has a broken page tree");
    if (depth > kMaxPageTreeDepth) {
      return absl::InvalidArgumentError(
          absl::StrCat("has a page tree nested deeper than ", kMaxPageTreeDepth, " levels"));
    }
    if (node.isIndirect() && !seen.insert(node.getObjGen()).second) {
      return absl::InvalidArgumentError("has a page tree that loops");
    }
    QPDFObjectHandle kids = node.getKey("/Kids");
    if (!kids.isArray()) {
      if (++pages > kMaxPdfPages) {
        return absl::InvalidArgumentError(absl::StrCat("has more than ", kMaxPdfPages, " pages"));
      }
      continue;
    }
    if (kids.getArrayNItems() > kMaxPdfPages) {
      return absl::InvalidArgumentError(absl::StrCat("has more than ", kMaxPdfPages, " pages"));
    }
    for (int i = 0; i < kids.getArrayNItems(); ++i)
      pending.push_back({kids.getArrayItem(i), depth + 1});
  }
  return pages;
}

// What makes a PDF act rather than show: the name of the first such thing in `object` (a
// direct object; indirect ones are inspected on their own), or "".
std::string ActiveContent(QPDFObjectHandle object, int depth) {
  if (depth > kMaxObjectDepth) return "objects nested too deeply to inspect";
  if (object.isIndirect() && depth > 0) return "";
  if (object.isStream()) return ActiveContent(object.getDict(), depth + 1);
  if (object.isArray()) {
    for (int i = 0; i < object.getArrayNItems(); ++i) {
      std::string found = ActiveContent(object.getArrayItem(i), depth + 1);
      if (!found.empty()) return found;
    }
    return "";
  }
  if (!object.isDictionary()) return "";
  static const std::set<std::string> kActiveKeys = {"/JS", "/JavaScript", "/EmbeddedFiles",
                                                    "/EF", "/XFA",        "/RichMediaContent"};
  static const std::set<std::string> kActiveActions = {
      "/JavaScript", "/Launch",    "/SubmitForm", "/ImportData", "/GoToR",
      "/GoToE",      "/Rendition", "/Movie",      "/Sound",      "/RichMediaExecute"};
  static const std::set<std::string> kActiveTypes = {"/EmbeddedFile", "/RichMedia",
                                                     "/FileAttachment"};
  for (const std::string& key : object.getKeys()) {
    if (kActiveKeys.count(key) > 0) return absl::StrCat("a ", key, " entry");
    QPDFObjectHandle value = object.getKey(key);
    if (value.isName()) {
      if (key == "/S" && kActiveActions.count(value.getName()) > 0) {
        return absl::StrCat("a ", value.getName(), " action");
      }
      if ((key == "/Type" || key == "/Subtype") && kActiveTypes.count(value.getName()) > 0) {
        return absl::StrCat("a ", value.getName());
      }
      continue;
    }
    std::string found = ActiveContent(value, depth + 1);
    if (!found.empty()) return found;
  }
  return "";
}

// The value dictionary of the first signature field, searching fields and their kids.
QPDFObjectHandle FindSignature(QPDFObjectHandle fields, int depth = 0) {
  if (!fields.isArray() || depth > 8) return QPDFObjectHandle::newNull();
  for (int i = 0; i < fields.getArrayNItems(); ++i) {
    QPDFObjectHandle field = fields.getArrayItem(i);
    if (!field.isDictionary()) continue;
    QPDFObjectHandle type = field.getKey("/FT");
    QPDFObjectHandle value = field.getKey("/V");
    if (type.isName() && type.getName() == "/Sig" && value.isDictionary()) return value;
    QPDFObjectHandle found = FindSignature(field.getKey("/Kids"), depth + 1);
    if (!found.isNull()) return found;
  }
  return QPDFObjectHandle::newNull();
}

PdfSignature Broken(std::string why) {
  return {PdfSignature::Outcome::kBroken, "", std::move(why)};
}

// The signed bytes: the whole file but the /Contents hole, or why /ByteRange does not say so.
// Every number is bounded by the file's size before any arithmetic on it.
absl::StatusOr<std::string> SignedBytes(absl::string_view file, QPDFObjectHandle range) {
  if (!range.isArray() || range.getArrayNItems() != 4) {
    return absl::InvalidArgumentError("the signature has no /ByteRange of four numbers");
  }
  const long long size = static_cast<long long>(file.size());
  long long r[4];
  for (int i = 0; i < 4; ++i) {
    QPDFObjectHandle n = range.getArrayItem(i);
    if (!n.isInteger() || n.getIntValue() < 0 || n.getIntValue() > size) {
      return absl::InvalidArgumentError("/ByteRange holds a number outside the file");
    }
    r[i] = n.getIntValue();
  }
  if (r[0] != 0 || r[1] >= r[2] || r[3] != size - r[2]) {
    return absl::InvalidArgumentError("the signed byte range does not cover the whole document");
  }
  if (file[r[1]] != '<' || file[r[2] - 1] != '>') {
    return absl::InvalidArgumentError("the byte range's hole is not the signature's /Contents");
  }
  return absl::StrCat(file.substr(0, r[1]), file.substr(r[2], r[3]));
}

// Whether `signer` chains to a root in `trust`, through the certificates the CMS carries; ""
// when it does, else why not.
std::string ChainProblem(X509* signer, STACK_OF(X509) * carried, const TrustStore* trust) {
  if (trust == nullptr) return "no trust store is configured";
  Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (ctx == nullptr || X509_STORE_CTX_init(ctx.get(), trust->store(), signer, carried) != 1) {
    return "the certificate chain could not be checked";
  }
  // A document-signing certificate need not carry S/MIME's extended key usage.
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_ANY);
  if (X509_verify_cert(ctx.get()) == 1) return "";
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

PdfSignature VerifySignature(absl::string_view file, QPDFObjectHandle sig,
                             const TrustStore* trust) {
  absl::StatusOr<std::string> signed_bytes = SignedBytes(file, sig.getKey("/ByteRange"));
  if (!signed_bytes.ok()) return Broken(std::string(signed_bytes.status().message()));
  QPDFObjectHandle contents = sig.getKey("/Contents");
  if (!contents.isString()) return Broken("the signature has no /Contents");
  std::string der = contents.getStringValue();
  Owned<BIO> der_bio(BIO_new_mem_buf(der.data(), static_cast<int>(der.size())));
  Owned<CMS_ContentInfo> cms(d2i_CMS_bio(der_bio.get(), nullptr));
  if (cms == nullptr) {
    ERR_clear_error();
    return Broken("/Contents is not a CMS (PKCS #7) signature");
  }
  PdfSignature result;
  Owned<BIO> data(BIO_new_mem_buf(signed_bytes->data(), static_cast<int>(signed_bytes->size())));
  // First the integrity of the signed bytes, then, separately, who vouches for the signer.
  const int intact = CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr,
                                CMS_DETACHED | CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  X509* signer =
      signers != nullptr && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
  if (signer != nullptr) {
    char name[512];
    X509_NAME_oneline(X509_get_subject_name(signer), name, sizeof name);
    result.signer = name;
  }
  if (intact != 1 || signer == nullptr) {
    ERR_clear_error();
    sk_X509_free(signers);
    result.outcome = PdfSignature::Outcome::kBroken;
    result.detail = "the CMS signature does not verify over the signed byte range";
    return result;
  }
  STACK_OF(X509)* carried = CMS_get1_certs(cms.get());
  const std::string problem = ChainProblem(signer, carried, trust);
  sk_X509_pop_free(carried, X509_free);
  sk_X509_free(signers);
  ERR_clear_error();
  if (problem.empty()) {
    result.outcome = PdfSignature::Outcome::kTrusted;
    result.detail = "intact, and the signer's certificate chains to a trusted root";
  } else {
    result.outcome = PdfSignature::Outcome::kUntrusted;
    result.detail = absl::StrCat("intact, but the signer's certificate is not trusted: ", problem);
  }
  return result;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const TrustStore>> TrustStore::FromPem(absl::string_view pem) {
  X509_STORE* store = X509_STORE_new();
  auto owned = std::shared_ptr<const TrustStore>(new TrustStore(store, 0));
  Owned<BIO> in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  int count = 0;
  while (true) {
    Owned<X509> cert(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
    if (cert == nullptr) break;
    if (X509_STORE_add_cert(store, cert.get()) != 1) {
      ERR_clear_error();
      return absl::InvalidArgumentError("trust store: a certificate could not be added");
    }
    ++count;
  }
  const unsigned long error = ERR_peek_last_error();
  ERR_clear_error();
  // Reading stops at the end of the text ("no start line"); anything else is a broken one.
  if (count == 0 || (error != 0 && ERR_GET_REASON(error) != PEM_R_NO_START_LINE)) {
    return absl::InvalidArgumentError("trust store: expected one or more PEM certificates");
  }
  const_cast<TrustStore*>(owned.get())->size_ = count;
  return owned;
}

absl::StatusOr<std::shared_ptr<const TrustStore>> TrustStore::FromPemFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("trust store: cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return FromPem(text.str());
}

TrustStore::~TrustStore() { X509_STORE_free(store_); }

absl::StatusOr<PdfCheck> CheckPdf(absl::string_view bytes, size_t max_bytes,
                                  const TrustStore* trust) {
  if (bytes.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("is larger than ", SizeText(max_bytes)));
  }
  if (bytes.empty()) return absl::InvalidArgumentError("is empty");
  if (absl::Status framing = CheckFraming(bytes); !framing.ok()) return framing;
  PdfCheck check;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("letter.pdf", bytes.data(), bytes.size());
    absl::StatusOr<int> pages = CountPages(pdf.getRoot().getKey("/Pages"));
    if (!pages.ok()) return pages.status();
    if (*pages == 0) return absl::InvalidArgumentError("has no pages");
    check.page_count = static_cast<int>(pdf.getAllPages().size());
    for (QPDFObjectHandle object : pdf.getAllObjects()) {
      std::string active = ActiveContent(object, 0);
      if (!active.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("holds active content (", active,
                         "); send the letter without scripts, attachments or actions"));
      }
    }
    QPDFObjectHandle acro = pdf.getRoot().getKey("/AcroForm");
    if (acro.isDictionary()) {
      QPDFObjectHandle sig = FindSignature(acro.getKey("/Fields"));
      if (!sig.isNull()) check.signature = VerifySignature(bytes, sig, trust);
    }
    if (check.signature.outcome == PdfSignature::Outcome::kUnsigned) {
      check.signature.detail = "no digital signature: a scanned letter, for the operator to check";
    }
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError("is not a readable PDF");
  }
  return check;
}

}  // namespace ams
