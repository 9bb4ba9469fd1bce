// A submission that passes every check, for tests to start from and break one field at a
// time.
#ifndef AMS_SERVICES_INTAKE_TESTING_SAMPLE_REQUEST_H_
#define AMS_SERVICES_INTAKE_TESTING_SAMPLE_REQUEST_H_

#include <cstdio>
#include <string>

#include "ams/intake/v1/intake_service.pb.h"
#include "common/testing/pdf_fixtures.h"

namespace ams::intake::testing {

// Budi Santoso, born 15 July 1990, civil servant appointed March 2015, of agencies/dinkes.
// `seq` (1..9999) varies the NIK's sequence so tests can submit many distinct people.
inline ams::intake::v1::SubmitApplicationRequest SampleRequest(
    int seq = 1, const std::string& agency = "agencies/dinkes") {
  ams::intake::v1::SubmitApplicationRequest r;
  r.set_kind(ams::type::v1::APPLICATION_KIND_NEW_ACCOUNT);
  auto* a = r.mutable_applicant();
  a->set_full_name("Budi Santoso");
  char nik[17];
  std::snprintf(nik, sizeof nik, "330501150790%04d", seq);
  a->set_nik(nik);
  a->set_employee_type(ams::type::v1::EMPLOYEE_TYPE_ASN_PNS);
  a->set_employee_number("199007152015031001");
  a->set_position("Pranata Komputer Ahli Pertama");
  a->set_work_unit("Bidang Sumber Daya Kesehatan");
  a->set_agency(agency);
  a->set_official_email("budi.santoso@kebumenkab.go.id");
  a->set_phone("081234567890");
  auto* l = r.mutable_recommendation_letter();
  static const std::string* const pdf =
      new std::string(ams::testing::MakeUnsignedPdf("Surat Rekomendasi", 4096));
  l->set_pdf(*pdf);
  l->set_file_name("rekomendasi.pdf");
  l->set_superior_name("Dr. Siti Aminah, M.Kes.");
  l->set_superior_nip("197001011995032002");
  return r;
}

}  // namespace ams::intake::testing

#endif  // AMS_SERVICES_INTAKE_TESTING_SAMPLE_REQUEST_H_
