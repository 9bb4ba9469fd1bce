#include "services/audit/overview.h"

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "common/cloud_event.h"

namespace ams::audit {
namespace {

namespace pb = ::ams::audit::v1;
using ::ams::type::v1::SopStep;

// Where an application stands after an event of `type`; kUnchanged for events that do not
// move it (a login that fails, a lock, a breach report, a password change after activation).
enum class Stand { kUnchanged, kWaiting, kReturned, kWithdrawn, kCompleted };

struct Move {
  Stand stand = Stand::kUnchanged;
  SopStep step = ams::type::v1::SOP_STEP_UNSPECIFIED;  // when waiting
};

Move MoveOf(const std::string& type) {
  static const std::map<std::string, Move>* const moves = new std::map<std::string, Move>{
      {"ams.intake.v1.ApplicationSubmitted",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_FORWARD_TO_BSRE}},
      {"ams.forwarding.v1.ApplicationReturned", {Stand::kReturned}},
      {"ams.intake.v1.ApplicationWithdrawn", {Stand::kWithdrawn}},
      {"ams.forwarding.v1.ApplicationForwarded",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_REGISTER_IDENTITY}},
      {"ams.enrollment.v1.IdentityRegistered",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_COMPLETE_DATA}},
      {"ams.enrollment.v1.ActivationLinkIssued",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_COMPLETE_DATA}},
      {"ams.verification.v1.EnrollmentRejected",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_COMPLETE_DATA}},
      {"ams.enrollment.v1.EnrollmentSubmitted",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_VERIFY_DATA}},
      {"ams.verification.v1.EnrollmentVerified",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_ISSUE_CREDENTIAL}},
      {"ams.credential.v1.CredentialIssued",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_FIRST_LOGIN}},
      {"ams.credential.v1.LoginSucceeded",
       {Stand::kWaiting, ams::type::v1::SOP_STEP_CHANGE_PASSWORD}},
      {"ams.credential.v1.AccountActivated", {Stand::kCompleted}},
  };
  auto it = moves->find(type);
  return it == moves->end() ? Move{Stand::kUnchanged} : it->second;
}

struct Where {
  Move move;
  absl::Time since;
};

// Folds one event into where its application stands: logins after activation, or a
// redelivered event, do not take a finished one back. Whether it moved.
bool Advance(Where& w, const pb::LedgerEntry& e) {
  const Move move = MoveOf(e.event_type());
  if (move.stand == Stand::kUnchanged) return false;
  if (w.move.stand == Stand::kCompleted || w.move.stand == Stand::kWithdrawn) return false;
  w = {move, FromTimestamp(e.event_time())};
  return true;
}

}  // namespace

pb::GetApplicationStatusResponse StatusOf(const std::vector<pb::LedgerEntry>& entries) {
  pb::GetApplicationStatusResponse status;
  Where w;
  for (const pb::LedgerEntry& e : entries) {
    if (status.application().empty()) status.set_application(e.application());
    if (e.event_type() == "ams.intake.v1.ApplicationSubmitted" && !status.has_submit_time()) {
      *status.mutable_submit_time() = e.event_time();
    }
    Advance(w, e);
  }
  switch (w.move.stand) {
    case Stand::kWaiting:
      status.set_standing(pb::GetApplicationStatusResponse::STANDING_WAITING);
      status.set_step(w.move.step);
      break;
    case Stand::kReturned:
      status.set_standing(pb::GetApplicationStatusResponse::STANDING_RETURNED);
      break;
    case Stand::kWithdrawn:
      status.set_standing(pb::GetApplicationStatusResponse::STANDING_WITHDRAWN);
      break;
    case Stand::kCompleted:
      status.set_standing(pb::GetApplicationStatusResponse::STANDING_COMPLETED);
      break;
    case Stand::kUnchanged:
      return status;
  }
  *status.mutable_since() = ToTimestamp(w.since);
  return status;
}

pb::GetOverviewResponse Overview(const std::vector<pb::LedgerEntry>& entries, absl::Time now,
                                 int days) {
  const absl::TimeZone wib = absl::FixedTimeZone(7 * 60 * 60);
  const absl::CivilDay today = absl::ToCivilDay(now, wib);
  const absl::CivilDay first_day = today - (days - 1);
  std::map<std::string, Where> where;  // application -> where it stands
  std::map<absl::CivilDay, int64_t> completed_on;
  for (const pb::LedgerEntry& e : entries) {
    if (e.application().empty()) continue;
    Where& w = where[e.application()];
    if (!Advance(w, e)) continue;
    if (w.move.stand == Stand::kCompleted) {
      const absl::CivilDay day = absl::ToCivilDay(w.since, wib);
      if (day >= first_day && day <= today) ++completed_on[day];
    }
  }
  pb::GetOverviewResponse out;
  std::map<SopStep, pb::GetOverviewResponse::Waiting*> waiting;
  for (int s = ams::type::v1::SOP_STEP_FORWARD_TO_BSRE;
       s <= ams::type::v1::SOP_STEP_CHANGE_PASSWORD; ++s) {
    waiting[static_cast<SopStep>(s)] = out.add_waiting();
    waiting[static_cast<SopStep>(s)]->set_step(static_cast<SopStep>(s));
  }
  for (const auto& [application, w] : where) {
    switch (w.move.stand) {
      case Stand::kWaiting: {
        pb::GetOverviewResponse::Waiting* at = waiting[w.move.step];
        at->set_applications(at->applications() + 1);
        if (at->oldest_application().empty() || w.since < FromTimestamp(at->oldest_since())) {
          at->set_oldest_application(application);
          *at->mutable_oldest_since() = ToTimestamp(w.since);
        }
        break;
      }
      case Stand::kReturned:
        out.set_returned(out.returned() + 1);
        break;
      case Stand::kWithdrawn:
        out.set_withdrawn(out.withdrawn() + 1);
        break;
      case Stand::kCompleted:
        out.set_completed(out.completed() + 1);
        break;
      case Stand::kUnchanged:
        break;
    }
  }
  for (absl::CivilDay day = first_day; day <= today; ++day) {
    pb::GetOverviewResponse::Day* d = out.add_completed_per_day();
    d->set_date(absl::FormatCivilTime(day));
    d->set_completed(completed_on[day]);
  }
  return out;
}

}  // namespace ams::audit
