#include "services/gateway/agency_desk.h"

#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
namespace intake = ams::intake::v1;

ActingFor AsAgency(const pb::Operator& user) {
  return {user.name(), ams::type::v1::ROLE_AGENCY, "", user.agency()};
}

pb::SubmittedApplication Shown(const intake::Application& a) {
  pb::SubmittedApplication shown;
  shown.set_name(a.name());
  shown.set_kind(a.kind());
  shown.set_full_name(a.applicant().full_name());
  shown.set_official_email(a.applicant().official_email());
  shown.set_state(
      std::string(absl::StripPrefix(intake::Application::State_Name(a.state()), "STATE_")));
  if (a.has_return_reason()) *shown.mutable_return_reason() = a.return_reason();
  *shown.mutable_create_time() = a.create_time();
  *shown.mutable_update_time() = a.update_time();
  return shown;
}

}  // namespace

absl::StatusOr<pb::SubmittedApplication> AgencyDesk::Submit(const pb::Operator& user,
                                                            const pb::SubmitApplicationRequest& r) {
  intake::SubmitApplicationRequest submit;
  submit.set_kind(r.kind());
  *submit.mutable_applicant() = r.applicant();
  submit.mutable_applicant()->set_agency(user.agency());
  intake::RecommendationLetterUpload* letter = submit.mutable_recommendation_letter();
  letter->set_pdf(r.recommendation_letter().pdf());
  letter->set_file_name(r.recommendation_letter().file_name());
  letter->set_superior_name(r.recommendation_letter().superior_name());
  letter->set_superior_nip(r.recommendation_letter().superior_nip());
  submit.set_existing_account(r.existing_account());
  submit.set_request_id(r.request_id());
  submit.set_validate_only(r.validate_only());
  ASSIGN_OR_RETURN(
      intake::SubmitApplicationResponse submitted,
      services_->Call(services_->intake(), &intake::IntakeService::Stub::SubmitApplication,
                      AsAgency(user), submit));
  return Shown(submitted.application());
}

absl::StatusOr<pb::ListApplicationsResponse> AgencyDesk::List(
    const pb::Operator& user, const pb::ListApplicationsRequest& r) {
  intake::ListApplicationsRequest list;
  list.set_page_size(r.page_size());
  list.set_page_token(r.page_token());
  ASSIGN_OR_RETURN(
      intake::ListApplicationsResponse listed,
      services_->Call(services_->intake(), &intake::IntakeService::Stub::ListApplications,
                      AsAgency(user), list));
  pb::ListApplicationsResponse response;
  for (const intake::Application& a : listed.applications()) {
    *response.add_applications() = Shown(a);
  }
  response.set_next_page_token(listed.next_page_token());
  return response;
}

}  // namespace ams::gateway
