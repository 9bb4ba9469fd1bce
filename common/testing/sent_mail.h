#ifndef AMS_COMMON_TESTING_SENT_MAIL_H_
#define AMS_COMMON_TESTING_SENT_MAIL_H_

#include <string>
#include <vector>

#include "common/mail_outbox.h"
#include "common/testing/fake_mailer.h"
#include "gtest/gtest.h"

namespace ams::testing {

// A service's mail outbox and its sender, sending to a FakeMailer: a test hands outbox() to
// the service and reads what the mail server accepted from Sent().
class SentMail {
 public:
  SentMail(KvStore* kv, const std::string& service, Clock* clock, RandomSource* random)
      : outbox_(kv, service, std::string(32, 'k'), clock, random),
        sender_(&outbox_, &mailer_, clock, MailSenderOptions{}) {}

  MailOutbox* outbox() { return &outbox_; }
  FakeMailer& mailer() { return mailer_; }
  // Sends what is due, then returns every mail accepted so far.
  std::vector<MailMessage> Sent() {
    EXPECT_TRUE(sender_.SendDue().ok());
    return mailer_.sent();
  }

 private:
  FakeMailer mailer_;
  MailOutbox outbox_;
  MailSender sender_;
};

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_SENT_MAIL_H_
