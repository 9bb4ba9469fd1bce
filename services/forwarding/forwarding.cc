#include "services/forwarding/forwarding.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ams/forwarding/v1/events.pb.h"
#include "common/hashing.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"

namespace ams::forwarding {
namespace {

using ams::type::v1::ERROR_REASON_INVALID_STATE;
using ams::type::v1::ERROR_REASON_NOT_FOUND;
using ams::type::v1::ERROR_REASON_PERMISSION_DENIED;
using ams::type::v1::Role;

std::string IdOf(const ReviewItem& item) {
  return std::string(absl::StripPrefix(item.application(), "applications/"));
}

bool MayRead(const Principal& p) {
  switch (p.role) {
    case Role::ROLE_DISKOMINFO_OP:
    case Role::ROLE_BSRE_OP:
    case Role::ROLE_AUDITOR:
    case Role::ROLE_ADMIN:
      return true;
    default:
      return false;
  }
}

absl::Status Denied(absl::string_view what) {
  return WithReason(absl::PermissionDeniedError(absl::StrCat("only ", what)),
                    ERROR_REASON_PERMISSION_DENIED);
}

absl::Status InvalidState(const ReviewItem& item, absl::string_view action) {
  std::string state = ReviewItem::State_Name(item.state());
  return WithReason(absl::FailedPreconditionError(
                        absl::StrCat("cannot ", action, " ", item.name(), " in ", state)),
                    ERROR_REASON_INVALID_STATE, {{"state", state}});
}

}  // namespace

MailMessage BsreMail(const ReviewItem& item, const std::string& letter_pdf,
                     const ForwardingOptions& options) {
  const auto& a = item.applicant();
  MailMessage m;
  m.message_id = MailMessageId("bsre", IdOf(item), item.revision());
  m.from = options.mail_from;
  m.to = {options.bsre_mailbox};
  m.subject =
      absl::StrCat("Permohonan link aktivasi AMS: ", a.full_name(), " (", item.application(), ")");
  m.text_body = absl::StrCat(
      "Yth. Operator BSrE,\n\n",
      "Diskominfo Kabupaten Kebumen meneruskan permohonan pendaftaran akun AMS berikut dan\n",
      "memohon link aktivasi (SOP 06f/DKA.1 langkah 2).\n\n",
      "Permohonan / application: ", item.application(), " (revisi ", item.revision(), ")\n",
      "Jenis / kind: ", ams::type::v1::ApplicationKind_Name(item.kind()), "\n",
      item.existing_account().empty()
          ? ""
          : absl::StrCat("Akun yang diperbarui / account to update: ", item.existing_account(),
                         "\n"),
      "Nama / name: ", a.full_name(), "\n", "NIK: ", a.nik_masked(), "\n",
      "NIP / nomor pegawai: ", a.employee_number_masked(), "\n",
      "Jabatan / position: ", a.position(), "\n", "Unit kerja / work unit: ", a.work_unit(), "\n",
      "Instansi / agency: ", a.agency(), "\n",
      "E-mail dinas / official e-mail: ", a.official_email(), "\n",
      "Surat rekomendasi / letter: ", item.recommendation_letter().document().sha256(), " (",
      item.recommendation_letter().document().size_bytes(), " bytes), tanda tangan: ",
      ams::type::v1::SignatureCheck::Outcome_Name(
          item.recommendation_letter().signature().outcome()),
      "\n");
  std::string file = item.recommendation_letter().document().file_name();
  m.attachments.push_back(
      {file.empty() ? "surat-rekomendasi.pdf" : file, "application/pdf", letter_pdf});
  return m;
}

Forwarding::Forwarding(ReviewQueue* queue, LetterSource* letters, MailOutbox* mail,
                       ForwardingOptions options, Clock* clock, RandomSource* random)
    : queue_(queue),
      letters_(letters),
      mail_(mail),
      options_(std::move(options)),
      clock_(clock),
      random_(random) {}

absl::StatusOr<std::string> Forwarding::Letter(const ReviewItem& item) {
  const std::string& sha = item.recommendation_letter().document().sha256();
  ASSIGN_OR_RETURN(std::optional<std::string> cached, queue_->GetLetter(sha));
  if (cached) return *std::move(cached);
  ASSIGN_OR_RETURN(auto fetched, letters_->Fetch(item.application()));
  if (fetched.second != sha) {
    return absl::AbortedError("the application changed since this review item; reload it");
  }
  RETURN_IF_ERROR(queue_->PutLetter(sha, fetched.first));
  return std::move(fetched.first);
}

absl::StatusOr<pb::ListReviewQueueResponse> Forwarding::List(const Principal& caller,
                                                             const pb::ListReviewQueueRequest& r) {
  if (!MayRead(caller)) return Denied("operators see the review queue");
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > 100) v.push_back({"page_size", "must be 0 to 100"});
  const std::optional<int64_t> offset = PageOffset(r.page_token());
  if (!offset) v.push_back({"page_token", kNotAPageToken});
  ReviewItem::State state = ReviewItem::STATE_PENDING;
  std::string agency;
  for (absl::string_view term : absl::StrSplit(r.filter(), " AND ", absl::SkipWhitespace())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(term, absl::MaxSplits('=', 1));
    std::string key(absl::StripAsciiWhitespace(kv.first));
    std::string value(absl::StripAsciiWhitespace(kv.second));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "state" && (value == "*" || ReviewItem::State_Parse(value, &state))) {
      if (value == "*") state = ReviewItem::STATE_UNSPECIFIED;
    } else if (key == "agency" && !value.empty()) {
      agency = value;
    } else {
      v.push_back(
          {"filter", absl::StrCat("\"", term, "\" is not state=<STATE|*> or agency=<name>")});
    }
  }
  if (!v.empty()) return InvalidFields(v);
  ASSIGN_OR_RETURN(auto page,
                   queue_->List(state, agency, r.page_size() == 0 ? 20 : r.page_size(), *offset));
  pb::ListReviewQueueResponse response;
  for (ReviewItem& item : page.first) *response.add_review_items() = std::move(item);
  if (page.second >= 0) {
    response.set_next_page_token(PageToken(page.second));
  }
  return response;
}

absl::StatusOr<pb::GetReviewItemResponse> Forwarding::Get(const Principal& caller,
                                                          const pb::GetReviewItemRequest& r) {
  if (!MayRead(caller)) return Denied("operators see review items");
  ASSIGN_OR_RETURN(std::string id, ParseItemName(r.name(), "name"));
  ASSIGN_OR_RETURN(std::optional<StoredItem> stored, queue_->Get(id));
  if (!stored) {
    return WithReason(absl::NotFoundError(absl::StrCat(r.name(), " is not in the review queue")),
                      ERROR_REASON_NOT_FOUND);
  }
  if (r.view() == pb::REVIEW_ITEM_VIEW_FULL) {
    ASSIGN_OR_RETURN(std::string pdf, Letter(stored->item));
    stored->item.set_letter_pdf(std::move(pdf));
  }
  pb::GetReviewItemResponse response;
  *response.mutable_review_item() = std::move(stored->item);
  return response;
}

absl::StatusOr<ReviewItem> Forwarding::Decide(
    const std::string& id, const google::protobuf::Message& request, const std::string& request_id,
    absl::string_view action,
    const std::function<absl::Status(ReviewItem&, std::vector<EventEnvelope>&, KvWrites&)>&
        decide) {
  const std::string hash = RequestHash(request);
  return RetryOnConflict("the review item", [&]() -> absl::StatusOr<ReviewItem> {
    ASSIGN_OR_RETURN(std::optional<StoredItem> stored, queue_->Get(id));
    if (!stored) {
      return WithReason(
          absl::NotFoundError(absl::StrCat("reviewItems/", id, " is not in the queue")),
          ERROR_REASON_NOT_FOUND);
    }
    ASSIGN_OR_RETURN(bool retry, AlreadyApplied(stored->request_hashes, request_id, hash));
    if (retry) return std::move(stored->item);  // the decision stands
    KvWrites extra;
    if (!request_id.empty()) {
      extra.commands.push_back(RecordRequest(ReviewQueue::Key(id), request_id, hash));
    }
    if (stored->item.state() != ReviewItem::STATE_PENDING)
      return InvalidState(stored->item, action);
    ReviewItem after = stored->item;
    std::vector<EventEnvelope> events;
    RETURN_IF_ERROR(decide(after, events, extra));
    // ABORTED, a concurrent decision: read again.
    RETURN_IF_ERROR(queue_->Put(stored, after, std::move(events), std::move(extra)));
    return after;
  });
}

absl::StatusOr<pb::ForwardApplicationResponse> Forwarding::Forward(
    const Principal& caller, const pb::ForwardApplicationRequest& r) {
  if (caller.role != Role::ROLE_DISKOMINFO_OP) return Denied("a Diskominfo operator forwards");
  ASSIGN_OR_RETURN(std::string id, ParseItemName(r.name(), "name"));
  // The decision, its event and the mail to BSrE commit together (the mail is owed, then
  // sent by the mail sender): a retry or a crash can neither lose the mail nor send two.
  ASSIGN_OR_RETURN(ReviewItem item,
                   Decide(id, r, r.request_id(), "forward",
                          [&](ReviewItem& after, std::vector<EventEnvelope>& events,
                              KvWrites& extra) -> absl::Status {
                            ASSIGN_OR_RETURN(std::string pdf, Letter(after));
                            const absl::Time now = clock_->Now();
                            after.set_state(ReviewItem::STATE_FORWARDED);
                            *after.mutable_decided_by() = caller.ToActor();
                            *after.mutable_decide_time() = ToTimestamp(now);
                            const MailMessage mail = BsreMail(after, pdf, options_);
                            extra.Add(mail_->Owe(id, "bsre", mail));
                            pb::ApplicationForwarded forwarded;
                            forwarded.set_application(after.application());
                            forwarded.set_kind(after.kind());
                            forwarded.set_existing_account(after.existing_account());
                            *forwarded.mutable_applicant() = after.applicant();
                            forwarded.set_revision(after.revision());
                            *forwarded.mutable_forwarded_by() = after.decided_by();
                            forwarded.set_mail_message_id(mail.message_id);
                            *forwarded.mutable_forward_time() = after.decide_time();
                            events.push_back(MakeEvent("forwarding", id, forwarded, now, *random_));
                            return absl::OkStatus();
                          }));
  LogInfo("application forwarded to BSrE",
          {{"application", item.application()}, {"operator", item.decided_by().subject()}});
  pb::ForwardApplicationResponse response;
  *response.mutable_review_item() = std::move(item);
  return response;
}

absl::StatusOr<pb::ReturnApplicationResponse> Forwarding::Return(
    const Principal& caller, const pb::ReturnApplicationRequest& r) {
  if (caller.role != Role::ROLE_DISKOMINFO_OP) return Denied("a Diskominfo operator returns");
  std::vector<FieldViolation> v;
  absl::StatusOr<std::string> id = ParseItemName(r.name(), "name");
  if (!id.ok()) v.push_back({"name", "must be reviewItems/{application id}"});
  if (r.reason().code() == ams::type::v1::REASON_CODE_UNSPECIFIED) {
    v.push_back({"reason.code", "say why: a REASON_CODE_… value"});
  }
  if (r.reason().code() == ams::type::v1::REASON_CODE_OTHER &&
      absl::StripAsciiWhitespace(r.reason().text()).empty()) {
    v.push_back({"reason.text", "is required when the code is OTHER"});
  }
  if (r.reason().text().size() > 1000) {
    v.push_back({"reason.text", "is longer than 1000 characters"});
  }
  if (!v.empty()) return InvalidFields(v);
  ASSIGN_OR_RETURN(ReviewItem item,
                   Decide(*id, r, r.request_id(), "return",
                          [&](ReviewItem& after, std::vector<EventEnvelope>& events, KvWrites&) {
                            const absl::Time now = clock_->Now();
                            after.set_state(ReviewItem::STATE_RETURNED);
                            *after.mutable_return_reason() = r.reason();
                            *after.mutable_decided_by() = caller.ToActor();
                            *after.mutable_decide_time() = ToTimestamp(now);
                            pb::ApplicationReturned returned;
                            returned.set_application(after.application());
                            returned.set_revision(after.revision());
                            *returned.mutable_reason() = r.reason();
                            *returned.mutable_returned_by() = after.decided_by();
                            *returned.mutable_return_time() = after.decide_time();
                            events.push_back(MakeEvent("forwarding", *id, returned, now, *random_));
                            return absl::OkStatus();
                          }));
  pb::ReturnApplicationResponse response;
  *response.mutable_review_item() = std::move(item);
  return response;
}

}  // namespace ams::forwarding
