#include "services/gateway/work_desk.h"

#include <algorithm>
#include <initializer_list>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/cloud_event.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "services/gateway/queue_page.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace fwd = ams::forwarding::v1;
namespace enr = ams::enrollment::v1;
namespace ver = ams::verification::v1;
namespace itk = ams::intake::v1;
using ams::type::v1::Role;
using View = pb::ListQueueRequest::View;

// The operator in `role`; the method's rule in kMethodRoles has made sure they hold it.
ActingFor As(const pb::Operator& op, Role role) { return {op.name(), role}; }

// The documents of a case's activation data, by the kind that names them in URLs.
std::vector<std::pair<const char*, const ams::type::v1::DocumentReference*>> DocumentsOf(
    const ver::VerificationCase& c) {
  return {{"ktp", &c.ktp_image()},
          {"sk", &c.appointment_decree()},
          {"spesimen", &c.specimen_signature()}};
}

// Calls a List method page after page until its end or kMaxQueueItems; `take(page)` keeps
// a page's items and returns how many. Whether the queue had more than that.
template <typename Stub, typename Request, typename Response, typename Take>
absl::StatusOr<bool> ReadQueue(ServiceClients& s, Stub& stub,
                               grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                            Response*),
                               const ActingFor& who, Request request, Take take) {
  request.set_page_size(100);
  int read = 0;
  while (true) {
    ASSIGN_OR_RETURN(Response page, s.Call(stub, method, who, request));
    read += take(page);
    if (page.next_page_token().empty()) return false;
    if (read >= kMaxQueueItems) return true;
    request.set_page_token(page.next_page_token());
  }
}

}  // namespace

ActingFor AsAnyOf(const pb::Operator& op, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (Holds(op, r)) return As(op, r);
  }
  return As(op, op.roles().empty() ? Role::ROLE_UNSPECIFIED : Role(op.roles(0)));
}

bool Holds(const pb::Operator& op, Role role) {
  return std::find(op.roles().begin(), op.roles().end(), role) != op.roles().end();
}

// ---- reading queues ----

absl::StatusOr<FactsByApplication> WorkDesk::Facts(const Operator& op,
                                                   const std::vector<std::string>& states) {
  FactsByApplication facts;
  for (const std::string& state : states) {
    itk::ListApplicationsRequest request;
    request.set_filter(absl::StrCat("state=", state));
    RETURN_IF_ERROR(ReadQueue(*services_, services_->intake(),
                              &itk::IntakeService::Stub::ListApplications, AsAnyOf(op, kReaders),
                              request,
                              [&](const itk::ListApplicationsResponse& page) {
                                for (const itk::Application& a : page.applications()) {
                                  facts[a.name()] = {a.applicant().employee_number(), a.kind()};
                                }
                                return page.applications_size();
                              })
                        .status());
  }
  return facts;
}

pb::QueueItem WorkDesk::WithApplicationFacts(const Operator& op, pb::QueueItem item) {
  itk::GetApplicationRequest get;
  get.set_name(item.application());
  absl::StatusOr<itk::GetApplicationResponse> app = services_->Call(
      services_->intake(), &itk::IntakeService::Stub::GetApplication, AsAnyOf(op, kReaders), get);
  // Without it the number stays masked, as the event carried it.
  if (!app.ok()) return item;
  item.mutable_applicant()->set_employee_number(app->application().applicant().employee_number());
  item.set_kind(app->application().kind());
  return item;
}

absl::StatusOr<WorkDesk::Queue> WorkDesk::ReviewItems(const Operator& op, View view,
                                                      bool with_facts) {
  FactsByApplication facts;
  if (with_facts) {
    ASSIGN_OR_RETURN(facts,
                     Facts(op, view == pb::ListQueueRequest::VIEW_DECIDED
                                   ? std::vector<std::string>{"STATE_FORWARDED", "STATE_RETURNED",
                                                              "STATE_WITHDRAWN", "STATE_COMPLETED"}
                                   : std::vector<std::string>{"STATE_SUBMITTED"}));
  }
  fwd::ListReviewQueueRequest request;
  request.set_filter(view == pb::ListQueueRequest::VIEW_DECIDED ? "state=*"
                                                                : "state=STATE_PENDING");
  Queue queue;
  std::vector<pb::QueueItem>& items = queue.items;
  ASSIGN_OR_RETURN(
      queue.truncated,
      ReadQueue(*services_, services_->forwarding(), &fwd::ForwardingService::Stub::ListReviewQueue,
                As(op, Role::ROLE_DISKOMINFO_OP), request,
                [&](const fwd::ListReviewQueueResponse& page) {
                  for (const fwd::ReviewItem& r : page.review_items()) {
                    if (view == pb::ListQueueRequest::VIEW_DECIDED &&
                        r.state() == fwd::ReviewItem::STATE_PENDING) {
                      continue;
                    }
                    items.push_back(ItemOf(r, facts));
                  }
                  return page.review_items_size();
                }));
  return queue;
}

absl::StatusOr<WorkDesk::Queue> WorkDesk::Registrations(const Operator& op, View view,
                                                        bool with_facts) {
  FactsByApplication facts;
  if (with_facts) {
    ASSIGN_OR_RETURN(facts, Facts(op, {"STATE_FORWARDED", "STATE_COMPLETED"}));
  }
  Queue queue;
  std::vector<pb::QueueItem>& items = queue.items;
  const ActingFor who = As(op, Role::ROLE_BSRE_OP);
  if (view == pb::ListQueueRequest::VIEW_WAITING ||
      view == pb::ListQueueRequest::VIEW_UNSPECIFIED) {
    ASSIGN_OR_RETURN(queue.truncated,
                     ReadQueue(*services_, services_->enrollment(),
                               &enr::EnrollmentService::Stub::ListPendingRegistrations, who,
                               enr::ListPendingRegistrationsRequest(),
                               [&](const enr::ListPendingRegistrationsResponse& page) {
                                 for (const auto& r : page.pending_registrations()) {
                                   items.push_back(ItemOf(r, facts));
                                 }
                                 return page.pending_registrations_size();
                               }));
    return queue;
  }
  std::vector<std::string> filters = {""};  // VIEW_DECIDED: every registered identity
  if (view == pb::ListQueueRequest::VIEW_AWAITING_ACTIVATION) {
    filters = {"state=STATE_AWAITING_ACTIVATION", "state=STATE_CORRECTION_REQUESTED"};
  }
  for (const std::string& filter : filters) {
    enr::ListIdentitiesRequest request;
    request.set_filter(filter);
    ASSIGN_OR_RETURN(bool more, ReadQueue(*services_, services_->enrollment(),
                                          &enr::EnrollmentService::Stub::ListIdentities, who,
                                          request, [&](const enr::ListIdentitiesResponse& page) {
                                            for (const enr::Identity& i : page.identities()) {
                                              items.push_back(ItemOf(i, facts));
                                            }
                                            return page.identities_size();
                                          }));
    queue.truncated = queue.truncated || more;
  }
  return queue;
}

absl::StatusOr<WorkDesk::Queue> WorkDesk::Cases(const Operator& op, View view, bool with_facts) {
  FactsByApplication facts;
  if (with_facts) {
    ASSIGN_OR_RETURN(facts, Facts(op, {"STATE_FORWARDED", "STATE_COMPLETED"}));
  }
  ver::ListCasesRequest request;
  const bool decided = view == pb::ListQueueRequest::VIEW_DECIDED;
  request.set_filter(decided ? "state=*" : "state=STATE_OPEN");
  Queue queue;
  ASSIGN_OR_RETURN(
      queue.truncated,
      ReadQueue(*services_, services_->verification(), &ver::VerificationService::Stub::ListCases,
                As(op, Role::ROLE_VERIFIER), request, [&](const ver::ListCasesResponse& page) {
                  for (const ver::VerificationCase& c : page.cases()) {
                    if (decided && c.state() == ver::VerificationCase::STATE_OPEN) {
                      continue;
                    }
                    queue.items.push_back(ItemOf(c, facts));
                  }
                  return page.cases_size();
                }));
  return queue;
}

absl::Status WorkDesk::AddClaims(const Operator& op, std::vector<pb::QueueItem*> items) {
  std::vector<std::string> names;
  for (const pb::QueueItem* i : items) names.push_back(i->name());
  ASSIGN_OR_RETURN(std::vector<std::optional<HeldClaim>> held, claims_->Holders(names));
  std::map<std::string, pb::Person> holders;  // a few colleagues hold most claims of a page
  for (size_t k = 0; k < items.size(); ++k) {
    if (!held[k]) continue;
    pb::Claim* c = items[k]->mutable_claim();
    c->set_item(held[k]->item);
    auto [person, fresh] = holders.try_emplace(held[k]->holder);
    if (fresh) {
      ams::type::v1::Actor holder;
      holder.set_subject(held[k]->holder);
      person->second = PersonOf(holder);
    }
    *c->mutable_holder() = person->second;
    *c->mutable_expire_time() = ToTimestamp(held[k]->expire);
    c->set_mine(held[k]->holder == op.name());
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::ListQueueResponse> WorkDesk::List(const Operator& op,
                                                     const pb::ListQueueRequest& r,
                                                     ReadQueueFn read) {
  RETURN_IF_ERROR(ValidateListQueue(r));
  ASSIGN_OR_RETURN(Queue queue, (this->*read)(op, r.view(), true));
  pb::ListQueueResponse page = PageOf(std::move(queue.items), r);
  page.set_truncated(queue.truncated);
  std::vector<pb::QueueItem*> shown;
  for (pb::QueueItem& i : *page.mutable_items()) shown.push_back(&i);
  RETURN_IF_ERROR(AddClaims(op, shown));
  return page;
}

absl::StatusOr<pb::GetQueueCountsResponse> WorkDesk::Counts(const Operator& op) {
  pb::GetQueueCountsResponse counts;
  auto count = [&](ReadQueueFn read, View view) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(Queue queue, (this->*read)(op, view, false));
    return static_cast<int>(queue.items.size());
  };
  if (Holds(op, Role::ROLE_DISKOMINFO_OP)) {
    ASSIGN_OR_RETURN(int n, count(&WorkDesk::ReviewItems, pb::ListQueueRequest::VIEW_WAITING));
    counts.set_awaiting_review(n);
  }
  if (Holds(op, Role::ROLE_BSRE_OP)) {
    ASSIGN_OR_RETURN(int waiting,
                     count(&WorkDesk::Registrations, pb::ListQueueRequest::VIEW_WAITING));
    counts.set_awaiting_registration(waiting);
    ASSIGN_OR_RETURN(int activation, count(&WorkDesk::Registrations,
                                           pb::ListQueueRequest::VIEW_AWAITING_ACTIVATION));
    counts.set_awaiting_activation(activation);
  }
  if (Holds(op, Role::ROLE_VERIFIER)) {
    ASSIGN_OR_RETURN(int n, count(&WorkDesk::Cases, pb::ListQueueRequest::VIEW_WAITING));
    counts.set_awaiting_decision(n);
  }
  return counts;
}

absl::StatusOr<pb::ListQueueResponse> WorkDesk::ListReviewItems(const Operator& op,
                                                                const pb::ListQueueRequest& r) {
  return List(op, r, &WorkDesk::ReviewItems);
}

absl::StatusOr<pb::ListQueueResponse> WorkDesk::ListRegistrations(const Operator& op,
                                                                  const pb::ListQueueRequest& r) {
  return List(op, r, &WorkDesk::Registrations);
}

absl::StatusOr<pb::ListQueueResponse> WorkDesk::ListCases(const Operator& op,
                                                          const pb::ListQueueRequest& r) {
  return List(op, r, &WorkDesk::Cases);
}

// A decision by `op` on `item` (`stub.*method` in `role`): refused while a colleague holds the
// item; once made, the claim has served (`release`). Should Redis fail then, the claim lapses
// in its 15 minutes.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> WorkDesk::Decide(const Operator& op, const std::string& item, Role role,
                                          Stub& stub,
                                          grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                       const Request&, Response*),
                                          const Request& request, bool release) {
  RETURN_IF_ERROR(claims_->RequireFree(item, op.name()));
  ASSIGN_OR_RETURN(Response done, services_->Call(stub, method, As(op, role), request));
  if (release) (void)claims_->Release(item, op.name());
  return done;
}

// ---- step 2 ----

absl::StatusOr<pb::ReviewDetail> WorkDesk::ReviewDetailOf(const Operator& op,
                                                          const fwd::ReviewItem& item) {
  pb::ReviewDetail d;
  *d.mutable_item() = WithApplicationFacts(op, ItemOf(item, {}));
  RETURN_IF_ERROR(AddClaims(op, {d.mutable_item()}));
  *d.mutable_recommendation_letter() = item.recommendation_letter();
  d.set_letter_url(
      absl::StrCat(kLettersPath, absl::StripPrefix(item.application(), "applications/")));
  d.set_revision(item.revision());
  *d.mutable_return_reason() = item.return_reason();
  if (item.has_decided_by()) *d.mutable_decided_by() = PersonOf(item.decided_by());
  if (item.has_decide_time()) *d.mutable_decide_time() = item.decide_time();
  d.set_existing_account(item.existing_account());
  return d;
}

absl::StatusOr<pb::ReviewDetail> WorkDesk::GetReviewItem(const Operator& op,
                                                         const std::string& name) {
  RETURN_IF_ERROR(RequireItemName(name, "reviewItems"));
  fwd::GetReviewItemRequest request;
  request.set_name(name);
  ASSIGN_OR_RETURN(
      fwd::GetReviewItemResponse got,
      services_->Call(services_->forwarding(), &fwd::ForwardingService::Stub::GetReviewItem,
                      As(op, Role::ROLE_DISKOMINFO_OP), request));
  return ReviewDetailOf(op, got.review_item());
}

absl::StatusOr<pb::ReviewDetail> WorkDesk::Forward(const Operator& op,
                                                   const pb::ForwardApplicationRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "reviewItems"));
  fwd::ForwardApplicationRequest request;
  request.set_name(r.name());
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(fwd::ForwardApplicationResponse done,
                   Decide(op, r.name(), Role::ROLE_DISKOMINFO_OP, services_->forwarding(),
                          &fwd::ForwardingService::Stub::ForwardApplication, request));
  return ReviewDetailOf(op, done.review_item());
}

absl::StatusOr<pb::ReviewDetail> WorkDesk::Return(const Operator& op,
                                                  const pb::ReturnApplicationRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "reviewItems"));
  RETURN_IF_ERROR(RequireReason(r.reason()));
  fwd::ReturnApplicationRequest request;
  request.set_name(r.name());
  *request.mutable_reason() = r.reason();
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(fwd::ReturnApplicationResponse done,
                   Decide(op, r.name(), Role::ROLE_DISKOMINFO_OP, services_->forwarding(),
                          &fwd::ForwardingService::Stub::ReturnApplication, request));
  return ReviewDetailOf(op, done.review_item());
}

absl::StatusOr<Document> WorkDesk::Letter(const Operator& op, const std::string& application) {
  RETURN_IF_ERROR(RequireItemName(application, "applications"));
  itk::GetRecommendationLetterRequest request;
  request.set_name(application);
  ASSIGN_OR_RETURN(
      itk::GetRecommendationLetterResponse letter,
      services_->Call(services_->intake(), &itk::IntakeService::Stub::GetRecommendationLetter,
                      As(op, Role::ROLE_DISKOMINFO_OP), request));
  return Document{
      std::move(*letter.mutable_pdf()), "application/pdf",
      absl::StrCat("surat-rekomendasi-", absl::StripPrefix(application, "applications/"), ".pdf")};
}

// ---- step 3 ----

absl::StatusOr<pb::QueueItem> WorkDesk::Register(const Operator& op,
                                                 const pb::RegisterIdentityRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "registrations"));
  enr::RegisterIdentityRequest request;
  request.set_application(ApplicationOf(r.name()));
  request.set_username(r.username());
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(enr::RegisterIdentityResponse done,
                   Decide(op, r.name(), Role::ROLE_BSRE_OP, services_->enrollment(),
                          &enr::EnrollmentService::Stub::RegisterIdentity, request));
  return WithApplicationFacts(op, ItemOf(done.identity(), {}));
}

absl::StatusOr<pb::QueueItem> WorkDesk::Resend(const Operator& op,
                                               const pb::ResendActivationLinkRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "identities"));
  enr::ResendActivationLinkRequest request;
  request.set_name(r.name());
  request.set_request_id(r.request_id());
  // The identity stays in the BSrE operator's hands until it is activated: the claim is kept.
  ASSIGN_OR_RETURN(enr::ResendActivationLinkResponse done,
                   Decide(op, r.name(), Role::ROLE_BSRE_OP, services_->enrollment(),
                          &enr::EnrollmentService::Stub::ResendActivationLink, request,
                          /*release=*/false));
  return WithApplicationFacts(op, ItemOf(done.identity(), {}));
}

// ---- step 5 ----

absl::StatusOr<pb::CaseDetail> WorkDesk::CaseDetailOf(const Operator& op,
                                                      const ver::VerificationCase& c) {
  pb::CaseDetail d;
  *d.mutable_item() = WithApplicationFacts(op, ItemOf(c, {}));
  RETURN_IF_ERROR(AddClaims(op, {d.mutable_item()}));
  for (const ver::AutomatedCheck& a : c.checks()) {
    pb::Check* check = d.add_checks();
    check->set_check(a.check());
    check->set_outcome(static_cast<pb::Check::Outcome>(a.outcome()));
    check->set_detail(a.detail());
  }
  for (const ver::FieldDifference& f : c.differences()) {
    pb::Difference* diff = d.add_differences();
    diff->set_field(f.field());
    diff->set_application_value(f.application_value());
    diff->set_activation_value(f.activation_value());
  }
  if (c.has_previous_applicant()) {
    *d.mutable_previous_applicant() = ApplicantOf(c.previous_applicant(), FactsByApplication(), "");
  }
  if (c.has_forwarded_by()) *d.mutable_forwarded_by() = PersonOf(c.forwarded_by());
  if (c.has_registered_by()) *d.mutable_registered_by() = PersonOf(c.registered_by());
  *d.mutable_rejection_reason() = c.rejection_reason();
  if (c.has_decided_by()) *d.mutable_decided_by() = PersonOf(c.decided_by());
  if (c.has_decide_time()) *d.mutable_decide_time() = c.decide_time();
  const std::string id(absl::StripPrefix(c.name(), "cases/"));
  for (const auto& [kind, ref] : DocumentsOf(c)) {
    if (ref->sha256().empty()) continue;
    pb::CaseDocument* doc = d.add_documents();
    doc->set_kind(kind);
    doc->set_url(absl::StrCat(kCaseDocumentsPath, id, "/", kind));
    doc->set_media_type(ref->media_type());
    doc->set_size_bytes(ref->size_bytes());
  }
  // What the service would refuse, said before anyone tries.
  const bool own_work =
      c.forwarded_by().subject() == op.name() || c.registered_by().subject() == op.name();
  d.set_may_decide(c.state() == ver::VerificationCase::STATE_OPEN && !own_work);
  if (c.state() != ver::VerificationCase::STATE_OPEN) d.set_may_not_decide_reason("INVALID_STATE");
  if (c.state() == ver::VerificationCase::STATE_OPEN && own_work) {
    d.set_may_not_decide_reason("SEPARATION_OF_DUTIES");
  }
  return d;
}

absl::StatusOr<Document> WorkDesk::CaseDocument(const Operator& op, const std::string& case_name,
                                                const std::string& kind) {
  ASSIGN_OR_RETURN(ver::VerificationCase c, VerifierCase(op, case_name));
  // The case names the document; only then is it fetched, so a verifier reads the documents
  // of the cases they can see.
  const ams::type::v1::DocumentReference* ref = nullptr;
  for (const auto& [named, document] : DocumentsOf(c)) {
    if (kind == named) ref = document;
  }
  if (ref == nullptr || ref->sha256().empty()) {
    return WithReason(absl::NotFoundError("the case has no such document"),
                      ams::type::v1::ERROR_REASON_NOT_FOUND);
  }
  enr::GetDocumentRequest get;
  get.set_sha256(ref->sha256());
  ASSIGN_OR_RETURN(
      enr::GetDocumentResponse document,
      services_->Call(services_->enrollment(), &enr::EnrollmentService::Stub::GetDocument,
                      As(op, Role::ROLE_VERIFIER), get));
  const std::string& type = document.media_type();
  const char* extension = type == "application/pdf" ? ".pdf"
                          : type == "image/png"     ? ".png"
                                                    : ".jpg";
  return Document{std::move(*document.mutable_data()), type,
                  absl::StrCat(kind, "-", absl::StripPrefix(case_name, "cases/"), extension)};
}

absl::StatusOr<ver::VerificationCase> WorkDesk::VerifierCase(const Operator& op,
                                                             const std::string& name) {
  RETURN_IF_ERROR(RequireItemName(name, "cases"));
  ver::GetCaseRequest request;
  request.set_name(name);
  ASSIGN_OR_RETURN(
      ver::GetCaseResponse got,
      services_->Call(services_->verification(), &ver::VerificationService::Stub::GetCase,
                      As(op, Role::ROLE_VERIFIER), request));
  return std::move(*got.mutable_verification_case());
}

absl::StatusOr<pb::CaseDetail> WorkDesk::GetCase(const Operator& op, const std::string& name) {
  ASSIGN_OR_RETURN(ver::VerificationCase c, VerifierCase(op, name));
  return CaseDetailOf(op, c);
}

absl::StatusOr<pb::CaseDetail> WorkDesk::Approve(const Operator& op,
                                                 const pb::ApproveCaseRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "cases"));
  ver::ApproveEnrollmentRequest request;
  request.set_name(r.name());
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(ver::ApproveEnrollmentResponse done,
                   Decide(op, r.name(), Role::ROLE_VERIFIER, services_->verification(),
                          &ver::VerificationService::Stub::ApproveEnrollment, request));
  return CaseDetailOf(op, done.verification_case());
}

absl::StatusOr<pb::CaseDetail> WorkDesk::Reject(const Operator& op,
                                                const pb::RejectCaseRequest& r) {
  RETURN_IF_ERROR(RequireItemName(r.name(), "cases"));
  RETURN_IF_ERROR(RequireReason(r.reason()));
  ver::RejectEnrollmentRequest request;
  request.set_name(r.name());
  *request.mutable_reason() = r.reason();
  request.set_request_id(r.request_id());
  ASSIGN_OR_RETURN(ver::RejectEnrollmentResponse done,
                   Decide(op, r.name(), Role::ROLE_VERIFIER, services_->verification(),
                          &ver::VerificationService::Stub::RejectEnrollment, request));
  return CaseDetailOf(op, done.verification_case());
}

// ---- claims ----

absl::StatusOr<pb::Claim> WorkDesk::Claim(const Operator& op, const std::string& item) {
  RETURN_IF_ERROR(RequireClaimable(item));
  ASSIGN_OR_RETURN(HeldClaim held, claims_->Take(item, op.name()));
  pb::Claim c;
  c.set_item(held.item);
  c.mutable_holder()->set_name(op.name());
  c.mutable_holder()->set_display_name(op.display_name());
  *c.mutable_expire_time() = ToTimestamp(held.expire);
  c.set_mine(true);
  return c;
}

absl::Status WorkDesk::Release(const Operator& op, const std::string& item) {
  RETURN_IF_ERROR(RequireClaimable(item));
  return claims_->Release(item, op.name());
}

// ---- timeline ----

absl::StatusOr<pb::Timeline> WorkDesk::Timeline(const Operator& op,
                                                const std::string& application) {
  RETURN_IF_ERROR(RequireItemName(application, "applications"));
  const ActingFor reader = AsAnyOf(op, kReaders);
  ams::audit::v1::GetTimelineRequest request;
  request.set_application(application);
  ASSIGN_OR_RETURN(
      ams::audit::v1::GetTimelineResponse ledger,
      services_->Call(services_->audit(), &ams::audit::v1::AuditService::Stub::GetTimeline, reader,
                      request));
  pb::Timeline t;
  t.set_application(application);
  itk::GetApplicationRequest get;
  get.set_name(application);
  absl::StatusOr<itk::GetApplicationResponse> app =
      services_->Call(services_->intake(), &itk::IntakeService::Stub::GetApplication, reader, get);
  if (app.ok()) *t.mutable_applicant() = ApplicantOf(app->application().applicant());
  // Who acted at steps 2, 3 and 5: the verification case knows all three once it exists.
  std::map<int, pb::Person> actors;
  ver::GetCaseRequest case_request;
  case_request.set_name(absl::StrCat("cases/", absl::StripPrefix(application, "applications/")));
  absl::StatusOr<ver::GetCaseResponse> vc = services_->Call(
      services_->verification(), &ver::VerificationService::Stub::GetCase, reader, case_request);
  if (vc.ok()) {
    const ver::VerificationCase& c = vc->verification_case();
    if (c.has_forwarded_by())
      actors[ams::type::v1::SOP_STEP_FORWARD_TO_BSRE] = PersonOf(c.forwarded_by());
    if (c.has_registered_by())
      actors[ams::type::v1::SOP_STEP_REGISTER_IDENTITY] = PersonOf(c.registered_by());
    if (c.has_decided_by()) actors[ams::type::v1::SOP_STEP_VERIFY_DATA] = PersonOf(c.decided_by());
  } else {
    enr::ListIdentitiesRequest ids;
    ids.set_filter(absl::StrCat("application=\"", application, "\""));
    absl::StatusOr<enr::ListIdentitiesResponse> found = services_->Call(
        services_->enrollment(), &enr::EnrollmentService::Stub::ListIdentities, reader, ids);
    if (found.ok() && found->identities_size() > 0 && found->identities(0).has_registered_by()) {
      actors[ams::type::v1::SOP_STEP_REGISTER_IDENTITY] =
          PersonOf(found->identities(0).registered_by());
    }
    fwd::GetReviewItemRequest review;
    review.set_name(absl::StrCat("reviewItems/", absl::StripPrefix(application, "applications/")));
    absl::StatusOr<fwd::GetReviewItemResponse> item =
        services_->Call(services_->forwarding(), &fwd::ForwardingService::Stub::GetReviewItem,
                        AsAnyOf(op, {Role::ROLE_AUDITOR, Role::ROLE_ADMIN, Role::ROLE_DISKOMINFO_OP,
                                     Role::ROLE_BSRE_OP}),
                        review);
    if (item.ok() && item->review_item().has_decided_by()) {
      actors[ams::type::v1::SOP_STEP_FORWARD_TO_BSRE] = PersonOf(item->review_item().decided_by());
    }
  }
  // The ledger times step 1 only when it is done again after a return (the first submission
  // has no earlier event to start it): the first submission is shown as done when it came.
  const bool step_one_timed =
      std::any_of(ledger.step_timings().begin(), ledger.step_timings().end(),
                  [](const auto& s) { return s.step() == ams::type::v1::SOP_STEP_SUBMIT_REQUEST; });
  for (const ams::audit::v1::LedgerEntry& e : ledger.ledger_entries()) {
    if (step_one_timed || e.event_type() != "ams.intake.v1.ApplicationSubmitted") continue;
    pb::TimelineStep* step = t.add_steps();
    step->set_step(ams::type::v1::SOP_STEP_SUBMIT_REQUEST);
    *step->mutable_start_time() = e.event_time();
    *step->mutable_end_time() = e.event_time();
    step->set_within_standard_time(true);
    step->mutable_actor()->set_name(t.applicant().agency());
    step->mutable_actor()->set_display_name(t.applicant().agency());
    break;
  }
  for (const ams::audit::v1::StepTiming& s : ledger.step_timings()) {
    pb::TimelineStep* step = t.add_steps();
    step->set_step(s.step());
    *step->mutable_start_time() = s.start_time();
    if (s.has_end_time()) *step->mutable_end_time() = s.end_time();
    *step->mutable_duration() = s.duration();
    *step->mutable_standard_time() = s.standard_time();
    step->set_within_standard_time(s.within_standard_time());
    auto who = actors.find(s.step());
    if (who != actors.end()) *step->mutable_actor() = who->second;
  }
  for (const ams::audit::v1::LedgerEntry& e : ledger.ledger_entries()) {
    pb::TimelineEvent* event = t.add_events();
    event->set_event_type(e.event_type());
    *event->mutable_event_time() = e.event_time();
    event->set_producer(e.producer());
    event->set_sequence(e.sequence());
  }
  return t;
}

pb::Person WorkDesk::PersonOf(const ams::type::v1::Actor& actor) {
  pb::Person p;
  p.set_name(actor.subject());
  absl::StatusOr<pb::Operator> op = operators_->Get(actor.subject());
  // Someone the gateway does not know (another agency's system, an operator's own API key)
  // is shown by their name.
  p.set_display_name(op.ok() ? op->display_name() : actor.subject());
  return p;
}

}  // namespace ams::gateway
