// WorkDesk's admin part: the mail the services owe and the mail server refused for good
// (ams.mail.v1.MailService of each service that mails), asked in the admin's name.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/event_bus.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "services/gateway/work_desk.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace mail = ams::mail::v1;
using ams::type::v1::Role;

ActingFor AsAdmin(const pb::Operator& op) { return AsAnyOf(op, {Role::ROLE_ADMIN}); }

}  // namespace

absl::StatusOr<pb::ListParkedMailsResponse> WorkDesk::ListParkedMails(
    const Operator& op, const pb::ListParkedMailsRequest&) {
  pb::ListParkedMailsResponse response;
  mail::ListParkedMailsRequest request;
  request.set_page_size(100);
  for (const char* service : kMailingServices) {
    mail::MailService::Stub* stub = services_->mail(service);
    absl::StatusOr<mail::ListParkedMailsResponse> parked =
        stub == nullptr ? absl::UnavailableError("not configured")
                        : services_->Call(*stub, &mail::MailService::Stub::ListParkedMails,
                                          AsAdmin(op), request);
    if (IsRetryable(parked.status())) {  // one service away hides only its own mail
      response.add_unreachable_services(service);
      continue;
    }
    RETURN_IF_ERROR(parked.status());
    for (mail::OutgoingMail& m : *parked->mutable_mails()) {
      pb::ParkedMail* out = response.add_mails();
      out->set_service(service);
      *out->mutable_mail() = std::move(m);
    }
  }
  std::stable_sort(response.mutable_mails()->begin(), response.mutable_mails()->end(),
                   [](const pb::ParkedMail& a, const pb::ParkedMail& b) {
                     return a.mail().create_time().seconds() < b.mail().create_time().seconds();
                   });
  return response;
}

absl::StatusOr<pb::ParkedMail> WorkDesk::ResendParkedMail(const Operator& op,
                                                          const pb::ResendParkedMailRequest& r) {
  mail::MailService::Stub* stub = services_->mail(r.service());
  if (stub == nullptr) {
    return InvalidFields({{"service", "must be intake, forwarding, enrollment or credential"}});
  }
  mail::ResendMailRequest request;
  request.set_application(r.application());
  request.set_message_id(r.message_id());
  *request.mutable_to() = r.to();
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(
      mail::ResendMailResponse resent,
      services_->Call(*stub, &mail::MailService::Stub::ResendMail, AsAdmin(op), request));
  pb::ParkedMail out;
  out.set_service(r.service());
  *out.mutable_mail() = std::move(*resent.mutable_mail());
  return out;
}

}  // namespace ams::gateway
