#include "common/pdf_document.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
// QPDF 11: use std::shared_ptr rather than its legacy PointerHolder.
#define POINTERHOLDER_TRANSITION 4
#include <exception>
#include <memory>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <vector>

#include "absl/strings/str_cat.h"

namespace ams {
namespace {

struct OpenSslDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
template <typename T>
using Owned = std::unique_ptr<T, OpenSslDeleter>;

std::string SizeText(size_t bytes) {
  return bytes % (1024 * 1024) == 0 ? absl::StrCat(bytes / (1024 * 1024), " MiB")
                                    : absl::StrCat(bytes, " bytes");
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

PdfSignature Invalid(std::string why) {
  return {PdfSignature::Outcome::kInvalid, "", std::move(why)};
}

PdfSignature VerifySignature(absl::string_view file, QPDFObjectHandle sig) {
  QPDFObjectHandle range = sig.getKey("/ByteRange");
  QPDFObjectHandle contents = sig.getKey("/Contents");
  if (!range.isArray() || range.getArrayNItems() != 4 || !contents.isString()) {
    return Invalid("the signature has no /ByteRange of four numbers or no /Contents");
  }
  long long r[4];
  for (int i = 0; i < 4; ++i) {
    QPDFObjectHandle n = range.getArrayItem(i);
    if (!n.isInteger() || n.getIntValue() < 0) return Invalid("/ByteRange holds a non-number");
    r[i] = n.getIntValue();
  }
  // The signed ranges must cover the whole file except the /Contents hole.
  const long long size = static_cast<long long>(file.size());
  if (r[0] != 0 || r[1] >= r[2] || r[2] + r[3] != size) {
    return Invalid("the signed byte range does not cover the whole document");
  }
  if (file[r[1]] != '<' || file[r[2] - 1] != '>') {
    return Invalid("the byte range's hole is not the signature's /Contents");
  }
  std::string signed_bytes = absl::StrCat(file.substr(0, r[1]), file.substr(r[2], r[3]));
  std::string der = contents.getStringValue();

  Owned<BIO> der_bio(BIO_new_mem_buf(der.data(), static_cast<int>(der.size())));
  Owned<CMS_ContentInfo> cms(d2i_CMS_bio(der_bio.get(), nullptr));
  if (cms == nullptr) {
    ERR_clear_error();
    return Invalid("/Contents is not a CMS (PKCS #7) signature");
  }
  Owned<BIO> data(BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size())));
  Owned<X509_STORE> store(X509_STORE_new());
  const int ok = CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr,
                            CMS_DETACHED | CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
  PdfSignature result;
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (signers != nullptr && sk_X509_num(signers) > 0) {
    char name[512];
    X509_NAME_oneline(X509_get_subject_name(sk_X509_value(signers, 0)), name, sizeof name);
    result.signer = name;
  }
  sk_X509_free(signers);
  if (ok != 1) {
    ERR_clear_error();
    result.outcome = PdfSignature::Outcome::kInvalid;
    result.detail = "the CMS signature does not verify over the signed byte range";
    return result;
  }
  result.outcome = PdfSignature::Outcome::kValid;
  result.detail =
      "the CMS signature verifies over the signed byte range; certificate chain not checked";
  return result;
}

}  // namespace

absl::StatusOr<PdfCheck> CheckPdf(absl::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("is larger than ", SizeText(max_bytes)));
  }
  if (bytes.empty()) return absl::InvalidArgumentError("is empty");
  PdfCheck check;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("letter.pdf", bytes.data(), bytes.size());
    check.page_count = static_cast<int>(pdf.getAllPages().size());
    if (check.page_count == 0) return absl::InvalidArgumentError("has no pages");
    QPDFObjectHandle acro = pdf.getRoot().getKey("/AcroForm");
    if (acro.isDictionary()) {
      QPDFObjectHandle sig = FindSignature(acro.getKey("/Fields"));
      if (!sig.isNull()) check.signature = VerifySignature(bytes, sig);
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
