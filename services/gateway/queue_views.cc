#include "services/gateway/queue_views.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/logging.h"
#include "common/rpc_status.h"
#include "re2/re2.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace fwd = ams::forwarding::v1;
namespace enr = ams::enrollment::v1;
namespace ver = ams::verification::v1;

ams::type::v1::ApplicationKind KindOf(const FactsByApplication& facts,
                                      const std::string& application) {
  auto known = facts.find(application);
  return known == facts.end() ? ams::type::v1::APPLICATION_KIND_UNSPECIFIED : known->second.kind;
}

pb::ItemState StateOf(fwd::ReviewItem::State s) {
  switch (s) {
    case fwd::ReviewItem::STATE_PENDING:
      return pb::ITEM_STATE_AWAITING_REVIEW;
    case fwd::ReviewItem::STATE_FORWARDING:
      return pb::ITEM_STATE_FORWARDING;
    case fwd::ReviewItem::STATE_FORWARDED:
      return pb::ITEM_STATE_FORWARDED;
    case fwd::ReviewItem::STATE_RETURNED:
      return pb::ITEM_STATE_RETURNED;
    case fwd::ReviewItem::STATE_WITHDRAWN:
      return pb::ITEM_STATE_WITHDRAWN;
    default:
      return pb::ITEM_STATE_UNSPECIFIED;
  }
}

pb::ItemState StateOf(enr::Identity::State s) {
  switch (s) {
    case enr::Identity::STATE_AWAITING_ACTIVATION:
      return pb::ITEM_STATE_AWAITING_ACTIVATION;
    case enr::Identity::STATE_CORRECTION_REQUESTED:
      return pb::ITEM_STATE_CORRECTION_REQUESTED;
    case enr::Identity::STATE_SUBMITTED:
      return pb::ITEM_STATE_ACTIVATION_SUBMITTED;
    case enr::Identity::STATE_VERIFIED:
      return pb::ITEM_STATE_APPROVED;
    default:
      return pb::ITEM_STATE_UNSPECIFIED;
  }
}

pb::ItemState StateOf(ver::VerificationCase::State s) {
  switch (s) {
    case ver::VerificationCase::STATE_OPEN:
      return pb::ITEM_STATE_AWAITING_DECISION;
    case ver::VerificationCase::STATE_APPROVED:
      return pb::ITEM_STATE_APPROVED;
    case ver::VerificationCase::STATE_REJECTED:
      return pb::ITEM_STATE_REJECTED;
    default:
      return pb::ITEM_STATE_UNSPECIFIED;
  }
}

}  // namespace

// "reviewItems/{id}", "cases/{id}" … -> "applications/{id}".
std::string ApplicationOf(absl::string_view name) {
  return absl::StrCat("applications/", name.substr(name.find('/') + 1));
}

absl::Status RequireItemName(const std::string& name, absl::string_view collection) {
  static const RE2* const kId = new RE2("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, collection) || !absl::ConsumePrefix(&id, "/") ||
      !RE2::FullMatch(re2::StringPiece(id.data(), id.size()), *kId)) {
    return InvalidFields({{"name", absl::StrCat("must be ", collection, "/{id}")}});
  }
  return absl::OkStatus();
}

absl::Status RequireClaimable(const std::string& name) {
  for (const char* c : {"reviewItems", "registrations", "identities", "cases"}) {
    if (absl::StartsWith(name, absl::StrCat(c, "/"))) return RequireItemName(name, c);
  }
  return InvalidFields({{"name",
                         "must name a queue item: reviewItems/, registrations/, "
                         "identities/ or cases/{id}"}});
}

absl::Status RequireReason(const ams::type::v1::Reason& reason) {
  std::vector<FieldViolation> v;
  if (reason.code() == ams::type::v1::REASON_CODE_UNSPECIFIED) {
    v.push_back({"reason.code", "is required"});
  }
  if (absl::StripAsciiWhitespace(reason.text()).empty()) {
    v.push_back({"reason.text", "is required: the applicant reads it"});
  }
  return v.empty() ? absl::OkStatus() : InvalidFields(v);
}

pb::Applicant ApplicantOf(const ams::type::v1::ApplicantSummary& s, const FactsByApplication& facts,
                          const std::string& application) {
  pb::Applicant a;
  a.set_full_name(s.full_name());
  a.set_nik_masked(s.nik_masked());
  a.set_employee_type(s.employee_type());
  auto known = facts.find(application);
  a.set_employee_number(known == facts.end() ? s.employee_number_masked()
                                             : known->second.employee_number);
  a.set_position(s.position());
  a.set_work_unit(s.work_unit());
  a.set_agency(s.agency());
  a.set_official_email(s.official_email());
  return a;
}

pb::Applicant ApplicantOf(const ams::type::v1::ApplicantIdentity& i) {
  pb::Applicant a;
  a.set_full_name(i.full_name());
  a.set_nik_masked(MaskNik(i.nik()));
  a.set_employee_type(i.employee_type());
  a.set_employee_number(i.employee_number());
  a.set_position(i.position());
  a.set_work_unit(i.work_unit());
  a.set_agency(i.agency());
  a.set_official_email(i.official_email());
  return a;
}

pb::QueueItem ItemOf(const fwd::ReviewItem& r, const FactsByApplication& facts) {
  pb::QueueItem i;
  i.set_name(r.name());
  i.set_application(r.application());
  i.set_kind(r.kind());
  *i.mutable_applicant() = ApplicantOf(r.applicant(), facts, r.application());
  i.set_state(StateOf(r.state()));
  *i.mutable_enter_time() = r.submit_time();
  return i;
}

pb::QueueItem ItemOf(const enr::PendingRegistration& r, const FactsByApplication& facts) {
  pb::QueueItem i;
  i.set_name(absl::StrCat("registrations/", absl::StripPrefix(r.application(), "applications/")));
  i.set_application(r.application());
  i.set_kind(r.kind());
  *i.mutable_applicant() = ApplicantOf(r.applicant(), facts, r.application());
  i.set_state(pb::ITEM_STATE_AWAITING_REGISTRATION);
  *i.mutable_enter_time() = r.forward_time();
  return i;
}

pb::QueueItem ItemOf(const enr::Identity& r, const FactsByApplication& facts) {
  pb::QueueItem i;
  i.set_name(r.name());
  i.set_application(r.application());
  *i.mutable_applicant() = ApplicantOf(r.applicant(), facts, r.application());
  i.set_kind(KindOf(facts, r.application()));
  i.set_state(StateOf(r.state()));
  *i.mutable_enter_time() = r.create_time();
  i.set_username(r.username());
  if (r.has_link_expire_time()) *i.mutable_link_expire_time() = r.link_expire_time();
  return i;
}

pb::QueueItem ItemOf(const ver::VerificationCase& c, const FactsByApplication& facts) {
  pb::QueueItem i;
  i.set_name(c.name());
  i.set_application(c.application());
  *i.mutable_applicant() = ApplicantOf(c.applicant(), facts, c.application());
  i.set_kind(KindOf(facts, c.application()));
  i.set_state(StateOf(c.state()));
  *i.mutable_enter_time() = c.create_time();
  i.set_username(c.username());
  return i;
}

}  // namespace ams::gateway
