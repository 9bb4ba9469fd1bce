#include "services/gateway/live_updates.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/rpc_status.h"
#include "nlohmann/json.hpp"

namespace ams::gateway {
namespace {

using ams::type::v1::Role;

std::vector<std::string> QueuesOf(const std::vector<Role>& roles) {
  std::vector<std::string> queues;
  auto add = [&](const char* q) {
    if (std::find(queues.begin(), queues.end(), q) == queues.end()) queues.push_back(q);
  };
  for (Role r : roles) {
    if (r == Role::ROLE_DISKOMINFO_OP) add("review");
    if (r == Role::ROLE_BSRE_OP) add("registration");
    if (r == Role::ROLE_VERIFIER) add("verification");
    if (r == Role::ROLE_AUDITOR || r == Role::ROLE_ADMIN) {
      for (const char* q : {"review", "registration", "verification"}) add(q);
    }
  }
  return queues;
}

}  // namespace

std::vector<std::string> QueuesChangedBy(const std::string& event_type) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kChanges = {
      {"ams.intake.v1.ApplicationSubmitted", {"review"}},
      {"ams.intake.v1.ApplicationWithdrawn", {"review", "registration"}},
      {"ams.forwarding.v1.ApplicationForwarded", {"review", "registration"}},
      {"ams.forwarding.v1.ApplicationReturned", {"review"}},
      {"ams.enrollment.v1.IdentityRegistered", {"registration"}},
      {"ams.enrollment.v1.ActivationLinkIssued", {"registration"}},
      {"ams.enrollment.v1.EnrollmentSubmitted", {"registration", "verification"}},
      {"ams.verification.v1.EnrollmentVerified", {"registration", "verification"}},
      {"ams.verification.v1.EnrollmentRejected", {"registration", "verification"}},
  };
  for (const auto& [type, queues] : kChanges) {
    if (type == event_type) return queues;
  }
  return {};
}

bool LiveUpdates::Sees(const Stream& s, const Message& m) {
  return std::any_of(m.queues.begin(), m.queues.end(), [&](const std::string& q) {
    return std::find(s.queues.begin(), s.queues.end(), q) != s.queues.end();
  });
}

void LiveUpdates::Publish(const std::string& type, const std::string& application) {
  std::vector<std::string> queues = QueuesChangedBy(type);
  if (queues.empty()) return;
  absl::MutexLock lock(&mu_);
  Message m{++sequence_, queues, ""};
  const nlohmann::json data = {{"queues", queues}, {"type", type}, {"application", application}};
  m.text =
      absl::StrCat("id: ", epoch_, "-", m.sequence, "\nevent: queue\ndata: ",
                   data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "\n\n");
  for (Stream& s : streams_) {
    if (Sees(s, m) && !s.writer->Write(m.text)) s.writer.reset();
  }
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                [](const Stream& s) { return s.writer == nullptr; }),
                 streams_.end());
  recent_.push_back(std::move(m));
  if (recent_.size() > limits_.remembered) recent_.pop_front();
}

absl::Status LiveUpdates::Open(std::shared_ptr<StreamWriter> writer,
                               const std::string& operator_name, const std::string& session,
                               const std::vector<Role>& roles, const std::string& last_event_id) {
  absl::MutexLock lock(&mu_);
  // Streams whose browsers went since the last heartbeat do not count.
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                [](const Stream& s) { return !s.writer->IsOpen(); }),
                 streams_.end());
  const size_t mine = std::count_if(streams_.begin(), streams_.end(), [&](const Stream& s) {
    return s.operator_name == operator_name;
  });
  if (streams_.size() >= limits_.max_streams || mine >= limits_.per_operator) {
    return WithReason(absl::ResourceExhaustedError("too many live update streams are open"),
                      ams::type::v1::ERROR_REASON_RATE_LIMITED);
  }
  Stream stream{std::move(writer), operator_name, session, QueuesOf(roles)};
  // Browsers wait this long before reconnecting.
  std::string first = "retry: 3000\n\n";
  if (!last_event_id.empty()) {
    std::pair<std::string, std::string> id = absl::StrSplit(last_event_id, absl::MaxSplits('-', 1));
    uint64_t after = 0;
    const bool ours = id.first == epoch_ && absl::SimpleAtoi(id.second, &after);
    const bool kept =
        ours && after <= sequence_ && (recent_.empty() || after + 1 >= recent_.front().sequence);
    if (!kept) {
      absl::StrAppend(&first, "event: reset\ndata: {}\n\n");
    } else {
      for (const Message& m : recent_) {
        if (m.sequence > after && Sees(stream, m)) absl::StrAppend(&first, m.text);
      }
    }
  }
  if (stream.writer->Write(std::move(first))) streams_.push_back(std::move(stream));
  return absl::OkStatus();
}

void LiveUpdates::EndSession(const std::string& session) {
  absl::MutexLock lock(&mu_);
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                [&](const Stream& s) {
                                  if (s.session != session) return false;
                                  s.writer->Close();
                                  return true;
                                }),
                 streams_.end());
}

void LiveUpdates::Heartbeat() {
  std::vector<Stream> streams;
  {
    absl::MutexLock lock(&mu_);
    streams = streams_;
  }
  // Sessions are looked up outside the lock: Redis may be slow, publishing must not wait.
  // Each once, however many tabs share it.
  std::set<std::string> sessions;
  for (const Stream& s : streams) sessions.insert(s.session);
  for (const std::string& session : sessions) {
    if (!alive_(session)) EndSession(session);
  }
  absl::MutexLock lock(&mu_);
  streams_.erase(
      std::remove_if(streams_.begin(), streams_.end(),
                     [](const Stream& s) { return !s.writer->Write(": keep-alive\n\n"); }),
      streams_.end());
}

void LiveUpdates::StartHeartbeats(absl::Duration every) {
  heartbeats_.Start(every, [this] { Heartbeat(); });
}

void LiveUpdates::CloseAll() {
  heartbeats_.Stop();
  absl::MutexLock lock(&mu_);
  for (Stream& s : streams_) s.writer->Close();
  streams_.clear();
}

size_t LiveUpdates::open_streams() const {
  absl::MutexLock lock(&mu_);
  return streams_.size();
}

}  // namespace ams::gateway
