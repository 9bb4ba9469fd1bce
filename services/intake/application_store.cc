#include "services/intake/application_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
#include "services/intake/application.h"

namespace ams::intake {
namespace {

constexpr char kPrefix[] = "intake";
constexpr char kAllIndex[] = "intake:index";
std::string NikKey(const std::string& fp) { return absl::StrCat("intake:nik:", fp); }
std::string LetterKey(const std::string& sha) { return absl::StrCat("intake:letter:", sha); }
std::string AccountKey(const std::string& u) { return absl::StrCat("intake:account:", u); }
std::string AgencyIndex(const std::string& agency) { return TaggedKey(kPrefix, agency, "index"); }

std::string CreatedMillis(const Application& app) {
  return absl::StrCat(app.create_time().seconds() * 1000 + app.create_time().nanos() / 1000000);
}

}  // namespace

ApplicationStore::ApplicationStore(KvStore* kv, Outbox* outbox, Clock* clock)
    : kv_(kv), outbox_(outbox), clock_(clock) {}

std::string ApplicationStore::Key(const std::string& id) {
  return TaggedKey(kPrefix, id, "application");
}

absl::StatusOr<std::optional<StoredApplication>> ApplicationStore::Get(const std::string& id) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  std::optional<StoredApplication> out;
  for (auto& [field, value] : HashPairs(reply)) {
    if (!out) out.emplace();
    if (field == "proto" && !out->application.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("application ", id, " is unreadable"));
    }
    if (field == "version") absl::SimpleAtoi(value, &out->version);
    if (field == "nik_fingerprint") out->nik_fingerprint = value;
    if (field == "request_hash") out->request_hash = value;
    CollectRequestField(field, value, out->request_hashes);
  }
  return out;
}

absl::Status ApplicationStore::PutAccountHolder(const std::string& username,
                                                const ams::type::v1::ApplicantSummary& holder,
                                                const KvWrites& inbox_mark) {
  KvWrites writes = {{AccountHolderWrite(username, holder)}, {}};
  writes.Add(inbox_mark);
  return kv_->Transaction(writes.commands, writes.preconditions).status();
}

KvCommand ApplicationStore::AccountHolderWrite(const std::string& username,
                                               const ams::type::v1::ApplicantSummary& holder) {
  return {"SET", AccountKey(username), holder.SerializeAsString()};
}

absl::StatusOr<std::optional<ams::type::v1::ApplicantSummary>> ApplicationStore::GetAccountHolder(
    const std::string& username) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"GET", AccountKey(username)}));
  if (reply.is_nil()) return std::nullopt;
  ams::type::v1::ApplicantSummary holder;
  if (!holder.ParseFromString(reply.str)) {
    return absl::DataLossError(absl::StrCat("holder of account ", username, " is unreadable"));
  }
  return holder;
}

absl::Status ApplicationStore::PutLetter(const std::string& pdf) {
  return kv_->Run({"SET", LetterKey(Sha256Hex(pdf)), pdf, "NX"}).status();
}

absl::Status ApplicationStore::CheckNikFree(const std::string& holder, const std::string& id,
                                            const std::string& agency) {
  if (holder == id) return absl::AbortedError("this application was committed meanwhile");
  ASSIGN_OR_RETURN(std::optional<StoredApplication> other, Get(holder));
  if (!other || !IsActive(other->application)) return absl::OkStatus();  // withdrawn or done
  // Named only to its own agency: another tenant learns no more than the rule it broke.
  if (other->application.applicant().agency() != agency) {
    return WithReason(
        absl::AlreadyExistsError("an application for this NIK is already in progress"),
        ams::type::v1::ERROR_REASON_APPLICATION_ACTIVE);
  }
  return WithReason(absl::AlreadyExistsError(
                        absl::StrCat(other->application.name(), " is already active for this NIK")),
                    ams::type::v1::ERROR_REASON_APPLICATION_ACTIVE,
                    {{"application", other->application.name()}});
}

absl::Status ApplicationStore::Create(const Application& app, const std::string& letter_pdf,
                                      const std::string& fp, const std::string& request_hash,
                                      const EventEnvelope& submitted) {
  const std::string id = ApplicationId(app);
  RETURN_IF_ERROR(PutLetter(letter_pdf));  // content-addressed: an unused copy harms nothing
  return RetryOnConflict("the NIK claim", [&]() -> absl::Status {
    ASSIGN_OR_RETURN(KvReply holder, kv_->Run({"GET", NikKey(fp)}));
    if (!holder.is_nil()) RETURN_IF_ERROR(CheckNikFree(holder.str, id, app.applicant().agency()));
    // The application, its NIK claim and its list entries commit together, and only while
    // the claim is what was read: of two submissions for one NIK exactly one wins, and no
    // crash leaves a claim without its application or an application missing from lists.
    KvWrites writes = VersionedWrite(
        Key(id), 0,
        {"proto", app.SerializeAsString(), "nik_fingerprint", fp, "request_hash", request_hash});
    writes.preconditions.push_back({NikKey(fp), "", holder.is_nil() ? "" : holder.str});
    const std::string ms = CreatedMillis(app);
    writes.commands.push_back({"SET", NikKey(fp), id});
    writes.commands.push_back({"ZADD", kAllIndex, ms, id});
    writes.commands.push_back({"ZADD", AgencyIndex(app.applicant().agency()), ms, id});
    return outbox_->Commit(id, std::move(writes), {submitted}).status();
  });
}

absl::Status ApplicationStore::Update(const StoredApplication& before, const Application& after,
                                      std::vector<EventEnvelope> events, KvWrites extra,
                                      const std::string& new_letter_pdf) {
  if (!new_letter_pdf.empty()) RETURN_IF_ERROR(PutLetter(new_letter_pdf));
  const std::string id = ApplicationId(after);
  extra.Add(VersionedWrite(Key(id), before.version, {"proto", after.SerializeAsString()}));
  return outbox_->Commit(id, std::move(extra), events).status();
}

absl::StatusOr<KvWrites> ApplicationStore::ReleaseNik(const StoredApplication& stored) {
  // Only while this application still holds it (the precondition): a new submission may
  // take the NIK over the moment this one stops being active.
  const std::string key = NikKey(stored.nik_fingerprint);
  const std::string id = ApplicationId(stored.application);
  ASSIGN_OR_RETURN(KvReply holder, kv_->Run({"GET", key}));
  if (holder.is_nil() || holder.str != id) return KvWrites{};
  return KvWrites{{{"DEL", key}}, {{key, "", id}}};
}

absl::StatusOr<std::optional<std::string>> ApplicationStore::GetLetter(const std::string& sha) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"GET", LetterKey(sha)}));
  if (r.is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(r.str));
}

absl::StatusOr<ListPage> ApplicationStore::List(const ListQuery& q) {
  const std::string index = q.agency.empty() ? kAllIndex : AgencyIndex(q.agency);
  const std::string from =
      q.from == absl::InfinitePast() ? "-inf" : absl::StrCat(absl::ToUnixMillis(q.from));
  const std::string to =
      q.to == absl::InfiniteFuture() ? "+inf" : absl::StrCat("(", absl::ToUnixMillis(q.to));
  ListPage page;
  int64_t offset = q.offset;
  // Reads the index in chunks until the page is full or the index ends; the state filter
  // is applied to what is read.
  while (static_cast<int>(page.applications.size()) < q.page_size) {
    const int64_t chunk = std::max(q.page_size * 2, 50);
    ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"ZRANGEBYSCORE", index, from, to, "LIMIT",
                                            absl::StrCat(offset), absl::StrCat(chunk)}));
    if (ids.elements.empty()) return page;
    std::vector<KvCommand> reads;
    for (const KvReply& id : ids.elements) reads.push_back({"HGET", Key(id.str), "proto"});
    ASSIGN_OR_RETURN(std::vector<KvReply> protos, kv_->Pipeline(reads));
    for (size_t i = 0; i < protos.size(); ++i) {
      ++offset;
      Application app;
      if (protos[i].is_nil() || !app.ParseFromString(protos[i].str)) continue;
      if (q.state != Application::STATE_UNSPECIFIED && app.state() != q.state) continue;
      page.applications.push_back(std::move(app));
      if (static_cast<int>(page.applications.size()) == q.page_size) {
        page.next_offset =
            i + 1 < protos.size() || static_cast<int64_t>(ids.elements.size()) == chunk ? offset
                                                                                        : -1;
        return page;
      }
    }
    if (static_cast<int64_t>(ids.elements.size()) < chunk) return page;
  }
  return page;
}

}  // namespace ams::intake
