// The people of the SOP as a program plays them over gRPC: the agency's system (step 1), the
// Diskominfo operator (2), the BSrE operator (3), the applicant reading mail and filling the
// activation form (4), the verifier (5), and the applicant again logging in with the mailed
// password and changing it (6-8). Shared by the end-to-end tests and the load
// driver; every wait is bounded and every failure comes back as a status.
#ifndef AMS_TESTS_SUPPORT_SOP_ACTORS_H_
#define AMS_TESTS_SUPPORT_SOP_ACTORS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ams/credential/v1/credential_service.grpc.pb.h"
#include "ams/enrollment/v1/enrollment_service.grpc.pb.h"
#include "ams/forwarding/v1/forwarding_service.grpc.pb.h"
#include "ams/intake/v1/intake_service.grpc.pb.h"
#include "ams/verification/v1/verification_service.grpc.pb.h"

namespace ams::testing {

struct SopEndpoints {
  // host:port, or host:port,host:port,… for replicas (round robin, skipping one that is down)
  std::string intake, forwarding, enrollment, verification, credential;
  std::string agency_key, diskominfo_key, bsre_key, verifier_key;
  absl::Duration wait = absl::Seconds(30);  // how long a step waits for the one before it
};

// A channel to host:port, or to host:port,host:port,… round robin (skipping one that is down).
std::shared_ptr<grpc::Channel> RoundRobinChannel(const std::string& addresses);

// A valid new-account submission for applicant `index` of a run: a distinct NIK per index
// (about 100 million per `district`, 1..99) and the mailbox
// pegawai<district>.<index>@kebumenkab.go.id.
ams::intake::v1::SubmitApplicationRequest ApplicantRequest(int district, int64_t index);

class SopActors {
 public:
  explicit SopActors(SopEndpoints endpoints);

  // Step 1: returns the application's name.
  absl::StatusOr<std::string> Submit(const ams::intake::v1::SubmitApplicationRequest& request);
  // Step 1 again after a return: the agency sends the corrected identity.
  absl::Status Resubmit(const std::string& application,
                        const ams::type::v1::ApplicantIdentity& corrected);
  // Step 2: forwards as soon as the review item is in the queue.
  absl::Status Forward(const std::string& application);
  absl::Status Return(const std::string& application, const std::string& why);
  // Step 3: registers as soon as enrollment has the forwarded application.
  absl::StatusOr<ams::enrollment::v1::Identity> Register(const std::string& application);
  // BSrE sends a fresh activation link (the last one expired).
  absl::Status ResendActivationLink(const std::string& application);
  // Step 4, as the applicant's browser calls it (no API key).
  absl::Status SubmitActivation(const std::string& token);
  // Step 5: decides as soon as the case is open.
  absl::Status Approve(const std::string& application);
  absl::Status Reject(const std::string& application, const std::string& why);
  // Steps 7 and 8, as the applicant's browser calls them.
  absl::StatusOr<ams::credential::v1::LoginResponse> Login(const std::string& username,
                                                           const std::string& password);
  absl::Status ChangePassword(const std::string& session_token, const std::string& current,
                              const std::string& fresh);
  // The account as the BSrE operator sees it.
  absl::StatusOr<ams::credential::v1::Account> Account(const std::string& username);

 private:
  // Runs `call` until it answers other than NOT_FOUND (the event is not consumed yet) or a
  // transient failure (a replica killed, a broker away: UNAVAILABLE, DEADLINE_EXCEEDED,
  // ABORTED), or the wait is over. Each call sends the same request (its request_id), as a
  // client that retries should. `retried` (if given) tells whether a try failed transiently.
  absl::Status UntilFound(const std::function<grpc::Status(grpc::ClientContext*)>& call,
                          const std::string& key, bool* retried = nullptr);

  SopEndpoints endpoints_;
  std::unique_ptr<ams::intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<ams::forwarding::v1::ForwardingService::Stub> forwarding_;
  std::unique_ptr<ams::enrollment::v1::EnrollmentService::Stub> enrollment_;
  std::unique_ptr<ams::verification::v1::VerificationService::Stub> verification_;
  std::unique_ptr<ams::credential::v1::CredentialService::Stub> credential_;
};

// The applicants' mailboxes on maildev (its REST API). Mail read is deleted from the server,
// so the box stays small under load; a Mailbox is the only reader of that server.
class Mailbox {
 public:
  explicit Mailbox(std::string api_base) : api_base_(std::move(api_base)) {}

  // Every mail the server received, as read (what the chaos run counts).
  struct Seen {
    std::string to, message_id, text;
  };
  std::vector<Seen> AllSeen();

  // From the oldest unread mail to `address` whose text has `marker`: what follows the marker
  // up to the end of the word. Waits up to `timeout`.
  absl::StatusOr<std::string> AwaitValue(const std::string& address, const std::string& marker,
                                         absl::Duration timeout);
  absl::StatusOr<std::string> AwaitActivationToken(const std::string& address,
                                                   absl::Duration timeout) {
    return AwaitValue(address, "token=", timeout);
  }
  absl::StatusOr<std::string> AwaitInitialPassword(const std::string& address,
                                                   absl::Duration timeout) {
    return AwaitValue(address, "Kata sandi awal: ", timeout);
  }

 private:
  void FetchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string api_base_;
  absl::Mutex mu_;
  std::multimap<std::string, std::string> texts_ ABSL_GUARDED_BY(mu_);  // address -> text
  std::vector<Seen> seen_ ABSL_GUARDED_BY(mu_);
  absl::Time last_fetch_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace ams::testing

#endif  // AMS_TESTS_SUPPORT_SOP_ACTORS_H_
