// Distinct ways to get one field of a submission wrong, each with the field the answer must
// name. Shared by the unit tests and the gRPC integration test.
#ifndef AMS_SERVICES_INTAKE_TESTING_INVALID_REQUESTS_H_
#define AMS_SERVICES_INTAKE_TESTING_INVALID_REQUESTS_H_

#include <functional>
#include <string>
#include <vector>

#include "ams/intake/v1/intake_service.pb.h"
#include "common/testing/pdf_fixtures.h"

namespace ams::intake::testing {

struct InvalidCase {
  const char* what;
  std::function<void(ams::intake::v1::SubmitApplicationRequest&)> spoil;
  const char* field;
};

inline const std::vector<InvalidCase>& InvalidRequests() {
  using pb = ams::intake::v1::SubmitApplicationRequest;
  static const auto* const cases = new std::vector<InvalidCase>{

      {"empty name", [](pb& r) { r.mutable_applicant()->set_full_name("  "); },
       "applicant.full_name"},
      {"name with right-to-left override",
       [](pb& r) {
         r.mutable_applicant()->set_full_name(
             "Budi \xe2\x80\xae"
             "ftp.exe");
       },
       "applicant.full_name"},
      {"name with next-line (U+0085)",
       [](pb& r) { r.mutable_applicant()->set_full_name("Budi\xc2\x85Santoso"); },
       "applicant.full_name"},
      {"position with line separator (U+2028)",
       [](pb& r) { r.mutable_applicant()->set_position("Kepala\xe2\x80\xa8Seksi"); },
       "applicant.position"},
      {"superior with bidi isolate",
       [](pb& r) { r.mutable_recommendation_letter()->set_superior_name("dr. A \xe2\x81\xa7x"); },
       "recommendation_letter.superior_name"},
      {"name with newline", [](pb& r) { r.mutable_applicant()->set_full_name("Budi\nSantoso"); },
       "applicant.full_name"},
      {"short NIK", [](pb& r) { r.mutable_applicant()->set_nik("330501150790001"); },
       "applicant.nik"},
      {"NIK with letter", [](pb& r) { r.mutable_applicant()->set_nik("33050115079000a1"); },
       "applicant.nik"},
      {"NIK day 35", [](pb& r) { r.mutable_applicant()->set_nik("3305013507900001"); },
       "applicant.nik"},
      {"NIK 30 Feb", [](pb& r) { r.mutable_applicant()->set_nik("3305013002900001"); },
       "applicant.nik"},
      {"NIK sequence 0000", [](pb& r) { r.mutable_applicant()->set_nik("3305011507900000"); },
       "applicant.nik"},
      {"no employee type",
       [](pb& r) {
         r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_UNSPECIFIED);
       },
       "applicant.employee_type"},
      {"NIP too short",
       [](pb& r) { r.mutable_applicant()->set_employee_number("19900715201503100"); },
       "applicant.employee_number"},
      {"NIP gender 3",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152015033001"); },
       "applicant.employee_number"},
      {"NIP birth differs from NIK",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007162015031001"); },
       "applicant.employee_number"},
      {"NIP says woman, NIK man",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152015032001"); },
       "applicant.employee_number"},
      {"NIP appointed at 10",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152000031001"); },
       "applicant.employee_number"},
      {"PPPK number without marker",
       [](pb& r) {
         r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_PPPK);
         r.mutable_applicant()->set_employee_number("199007152022331001");
       },
       "applicant.employee_number"},
      {"other number with space",
       [](pb& r) {
         r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_OTHER);
         r.mutable_applicant()->set_employee_number("TKD 12");
       },
       "applicant.employee_number"},
      {"empty position", [](pb& r) { r.mutable_applicant()->set_position(""); },
       "applicant.position"},
      {"empty work unit", [](pb& r) { r.mutable_applicant()->set_work_unit(""); },
       "applicant.work_unit"},
      {"agency not a name", [](pb& r) { r.mutable_applicant()->set_agency("Dinkes"); },
       "applicant.agency"},
      {"e-mail of another domain",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@gmail.com"); },
       "applicant.official_email"},
      {"e-mail subdomain",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@mail.kebumenkab.go.id"); },
       "applicant.official_email"},
      {"e-mail look-alike",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@kebumenkab.go.id.evil.com"); },
       "applicant.official_email"},
      {"phone letters", [](pb& r) { r.mutable_applicant()->set_phone("0812-3456"); },
       "applicant.phone"},
      {"no letter", [](pb& r) { r.mutable_recommendation_letter()->clear_pdf(); },
       "recommendation_letter.pdf"},
      {"letter not a PDF",
       [](pb& r) { r.mutable_recommendation_letter()->set_pdf("\x89PNG\r\n\x1a\nnot a pdf"); },
       "recommendation_letter.pdf"},
      {"letter too large",
       [](pb& r) {
         r.mutable_recommendation_letter()->set_pdf(ams::testing::MakeUnsignedPdf("x", 3 << 20));
       },
       "recommendation_letter.pdf"},
      {"no superior", [](pb& r) { r.mutable_recommendation_letter()->set_superior_name(""); },
       "recommendation_letter.superior_name"},
      {"superior NIP bad",
       [](pb& r) { r.mutable_recommendation_letter()->set_superior_nip("123"); },
       "recommendation_letter.superior_nip"},
      {"no kind", [](pb& r) { r.set_kind(ams::type::v1::APPLICATION_KIND_UNSPECIFIED); }, "kind"},
      {"data update without account",
       [](pb& r) { r.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE); }, "existing_account"},
      {"new account naming an account", [](pb& r) { r.set_existing_account("accounts/budi"); },
       "existing_account"},
      {"request id not a UUID", [](pb& r) { r.set_request_id("retry-1"); }, "request_id"},
      // More of the same kinds, each a distinct way to get a field wrong.
      {"NIK day 00", [](pb& r) { r.mutable_applicant()->set_nik("3305010007900001"); },
       "applicant.nik"},
      {"NIK day 72", [](pb& r) { r.mutable_applicant()->set_nik("3305017207900001"); },
       "applicant.nik"},
      {"NIK month 13", [](pb& r) { r.mutable_applicant()->set_nik("3305011513900001"); },
       "applicant.nik"},
      {"NIK 29 Feb 1999", [](pb& r) { r.mutable_applicant()->set_nik("3305012902990001"); },
       "applicant.nik"},
      {"NIK province 09", [](pb& r) { r.mutable_applicant()->set_nik("0905011507900001"); },
       "applicant.nik"},
      {"NIK regency 00", [](pb& r) { r.mutable_applicant()->set_nik("3300011507900001"); },
       "applicant.nik"},
      {"NIK 17 digits", [](pb& r) { r.mutable_applicant()->set_nik("33050115079000011"); },
       "applicant.nik"},
      {"NIK empty", [](pb& r) { r.mutable_applicant()->clear_nik(); }, "applicant.nik"},
      {"NIK with spaces", [](pb& r) { r.mutable_applicant()->set_nik("3305 0115 0790 01"); },
       "applicant.nik"},
      {"NIP month 00",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152015001001"); },
       "applicant.employee_number"},
      {"NIP month 13",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152015131001"); },
       "applicant.employee_number"},
      {"NIP appointed in the future",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152030031001"); },
       "applicant.employee_number"},
      {"NIP sequence 000",
       [](pb& r) { r.mutable_applicant()->set_employee_number("199007152015031000"); },
       "applicant.employee_number"},
      {"NIP empty", [](pb& r) { r.mutable_applicant()->clear_employee_number(); },
       "applicant.employee_number"},
      {"PPPK appointed 2018",
       [](pb& r) {
         r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_PPPK);
         r.mutable_applicant()->set_employee_number("199007152018211001");
       },
       "applicant.employee_number"},
      {"PPPK birth differs from NIK",
       [](pb& r) {
         r.mutable_applicant()->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_PPPK);
         r.mutable_applicant()->set_employee_number("199107152022211001");
       },
       "applicant.employee_number"},
      {"e-mail trailing dot",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@kebumenkab.go.id."); },
       "applicant.official_email"},
      {"e-mail quoted local part",
       [](pb& r) { r.mutable_applicant()->set_official_email("\"budi\"@kebumenkab.go.id"); },
       "applicant.official_email"},
      {"e-mail non-ASCII",
       [](pb& r) { r.mutable_applicant()->set_official_email("bud\xc3\xad@kebumenkab.go.id"); },
       "applicant.official_email"},
      {"e-mail double dot",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi..s@kebumenkab.go.id"); },
       "applicant.official_email"},
      {"e-mail two @",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@x@kebumenkab.go.id"); },
       "applicant.official_email"},
      {"e-mail empty", [](pb& r) { r.mutable_applicant()->clear_official_email(); },
       "applicant.official_email"},
      {"e-mail hyphenated look-alike",
       [](pb& r) { r.mutable_applicant()->set_official_email("budi@kebumenkab-go.id"); },
       "applicant.official_email"},
      {"phone too short", [](pb& r) { r.mutable_applicant()->set_phone("0812345"); },
       "applicant.phone"},
      {"phone foreign", [](pb& r) { r.mutable_applicant()->set_phone("+6512345678"); },
       "applicant.phone"},
      {"agency uppercase", [](pb& r) { r.mutable_applicant()->set_agency("agencies/DINKES"); },
       "applicant.agency"},
      {"name too long", [](pb& r) { r.mutable_applicant()->set_full_name(std::string(121, 'a')); },
       "applicant.full_name"},
      {"letter truncated",
       [](pb& r) {
         std::string pdf = r.recommendation_letter().pdf();
         r.mutable_recommendation_letter()->set_pdf(pdf.substr(0, pdf.size() / 2));
       },
       "recommendation_letter.pdf"},
      {"letter is text",
       [](pb& r) { r.mutable_recommendation_letter()->set_pdf("%PDF-1.4 hello"); },
       "recommendation_letter.pdf"},
      {"letter file name with newline",
       [](pb& r) { r.mutable_recommendation_letter()->set_file_name("a\nb.pdf"); },
       "recommendation_letter.file_name"},
      {"superior NIP gender 0",
       [](pb& r) { r.mutable_recommendation_letter()->set_superior_nip("197001011995030002"); },
       "recommendation_letter.superior_nip"},
      {"data update naming a bad account",
       [](pb& r) {
         r.set_kind(ams::type::v1::APPLICATION_KIND_DATA_UPDATE);
         r.set_existing_account("budi");
       },
       "existing_account"},
  };
  return *cases;
}

}  // namespace ams::intake::testing

#endif  // AMS_SERVICES_INTAKE_TESTING_INVALID_REQUESTS_H_
