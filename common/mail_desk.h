// The administrators' desk for a service's owed mail: the mails the server refused for good
// (parked), and sending one again to a corrected address. Transport-free; MailServiceImpl puts
// gRPC in front of it in every service that mails.
#ifndef AMS_COMMON_MAIL_DESK_H_
#define AMS_COMMON_MAIL_DESK_H_

#include "absl/status/statusor.h"
#include "ams/mail/v1/mail_service.grpc.pb.h"
#include "common/api_keys.h"
#include "common/mail_outbox.h"
#include "common/unary_call.h"

namespace ams::mail {

namespace pb = ams::mail::v1;

class MailDesk {
 public:
  explicit MailDesk(MailOutbox* outbox) : outbox_(outbox) {}

  absl::StatusOr<pb::ListParkedMailsResponse> ListParked(const Principal& caller,
                                                         const pb::ListParkedMailsRequest& r);
  // A corrected recipient must be in the domain of one the mail had, so no correction can
  // send an activation link or a password outside the offices it was meant for.
  absl::StatusOr<pb::ResendMailResponse> Resend(const Principal& caller,
                                                const pb::ResendMailRequest& r);

 private:
  MailOutbox* outbox_;
};

class MailServiceImpl final : public pb::MailService::CallbackService {
 public:
  MailServiceImpl(MailOutbox* outbox, RpcEnvironment env) : desk_(outbox), env_(env) {}

  AMS_SERVE_UNARY(ListParkedMails, desk_ptr_, ListParked, ServeUnary)
  AMS_SERVE_UNARY(ResendMail, desk_ptr_, Resend, ServeUnary)

 private:
  MailDesk desk_;
  MailDesk* const desk_ptr_ = &desk_;
  const RpcEnvironment env_;
};

}  // namespace ams::mail

#endif  // AMS_COMMON_MAIL_DESK_H_
