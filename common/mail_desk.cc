#include "common/mail_desk.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/identity_rules.h"
#include "common/page_token.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "re2/re2.h"

namespace ams::mail {
namespace {

absl::Status RequireAdmin(const Principal& caller) {
  if (caller.role == ams::type::v1::ROLE_ADMIN) return absl::OkStatus();
  return WithReason(absl::PermissionDeniedError("only administrators see and resend owed mail"),
                    ams::type::v1::ERROR_REASON_PERMISSION_DENIED);
}

std::string DomainOf(const std::string& address) {
  return absl::AsciiStrToLower(address.substr(address.rfind('@') + 1));
}

}  // namespace

absl::StatusOr<pb::ListParkedMailsResponse> MailDesk::ListParked(
    const Principal& caller, const pb::ListParkedMailsRequest& r) {
  RETURN_IF_ERROR(RequireAdmin(caller));
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > 100) v.push_back({"page_size", "must be 0 to 100"});
  const std::optional<int64_t> offset = PageOffset(r.page_token());
  if (!offset) v.push_back({"page_token", kNotAPageToken});
  if (!v.empty()) return InvalidFields(v);
  const int page_size = r.page_size() == 0 ? 20 : r.page_size();
  ASSIGN_OR_RETURN(std::vector<OutgoingMail> mails, outbox_->Parked(*offset, page_size));
  pb::ListParkedMailsResponse response;
  if (static_cast<int>(mails.size()) == page_size) {
    response.set_next_page_token(PageToken(*offset + page_size));
  }
  for (OutgoingMail& mail : mails) *response.add_mails() = std::move(mail);
  return response;
}

absl::StatusOr<pb::ResendMailResponse> MailDesk::Resend(const Principal& caller,
                                                        const pb::ResendMailRequest& r) {
  RETURN_IF_ERROR(RequireAdmin(caller));
  static const RE2* const kApplication =
      new RE2("applications/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  static const RE2* const kMessageId = new RE2(R"(<[A-Za-z0-9._-]{1,200}@[A-Za-z0-9.-]{1,100}>)");
  std::vector<FieldViolation> v;
  std::string id;
  if (!RE2::FullMatch(r.application(), *kApplication, &id)) {
    v.push_back({"application", "must be applications/{id}"});
  }
  if (!RE2::FullMatch(r.message_id(), *kMessageId)) {
    v.push_back(
        {"message_id", "must be a Message-ID this service gave, <kind.application.n@domain>"});
  }
  if (r.to_size() > 10) v.push_back({"to", "has more than 10 addresses"});
  if (r.request_id().size() > 100) v.push_back({"request_id", "is longer than 100 characters"});
  if (!v.empty()) return InvalidFields(v);

  ASSIGN_OR_RETURN(std::optional<OutgoingMail> mail, outbox_->Get(id, r.message_id()));
  if (!mail) {
    return WithReason(
        absl::NotFoundError(absl::StrCat("no mail ", r.message_id(), " of ", r.application())),
        ams::type::v1::ERROR_REASON_NOT_FOUND);
  }
  std::set<std::string> domains;
  for (const std::string& to : mail->to()) domains.insert(DomainOf(to));
  const std::vector<std::string> allowed(domains.begin(), domains.end());
  for (int i = 0; i < r.to_size(); ++i) {
    if (absl::Status ok = CheckOfficialEmail(r.to(i), allowed); !ok.ok()) {
      v.push_back({absl::StrCat("to[", i, "]"), std::string(ok.message())});
    }
  }
  if (!v.empty()) return InvalidFields(v);
  std::vector<std::string> to(r.to().begin(), r.to().end());
  absl::StatusOr<OutgoingMail> resent =
      outbox_->Resend(id, r.message_id(), to, r.request_id(), RequestHash(r));
  if (absl::IsFailedPrecondition(resent.status())) {
    return WithReason(resent.status(), ams::type::v1::ERROR_REASON_INVALID_STATE);
  }
  RETURN_IF_ERROR(resent.status());
  pb::ResendMailResponse response;
  *response.mutable_mail() = *std::move(resent);
  return response;
}

}  // namespace ams::mail
