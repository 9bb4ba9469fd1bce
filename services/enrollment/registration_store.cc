#include "services/enrollment/registration_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/cloud_event.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"

namespace ams::enrollment {
namespace {

std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }

}  // namespace

std::string RegistrationStore::Key(const std::string& id) {
  return TaggedKey("enrollment", id, "record");
}

absl::StatusOr<std::optional<Record>> RegistrationStore::Get(const std::string& id) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  std::optional<Record> r;
  for (auto& [field, value] : HashPairs(reply)) {
    if (!r) {
      r.emplace();
      r->application_id = id;
    }
    bool ok = true;
    int64_t n = 0;
    if (field == "registration") ok = r->registration.ParseFromString(value);
    if (field == "forwarded_by") ok = r->forwarded_by.ParseFromString(value);
    if (field == "existing_account") r->existing_account = value;
    if (field == "identity") ok = r->identity.emplace().ParseFromString(value);
    if (field == "link_hash") r->link_hash = value;
    if (field == "link_id") r->link.link_id = value;
    if (field == "link_expire_ms" && absl::SimpleAtoi(value, &n)) {
      r->link.expire_time = absl::FromUnixMillis(n);
    }
    if (field == "link_used") r->link.used = value == "1";
    if (field == "link_reminded") r->link.reminded = value == "1";
    if (field == "links_issued") absl::SimpleAtoi(value, &r->links_issued);
    if (field == "version") absl::SimpleAtoi(value, &r->version);
    CollectRequestField(field, value, r->request_hashes);
    if (!ok) return absl::DataLossError(absl::StrCat("enrollment record ", id, " is unreadable"));
  }
  if (r && r->identity) r->link.identity = r->identity->name();
  return r;
}

absl::StatusOr<std::optional<Record>> RegistrationStore::GetByTokenHash(const std::string& hash) {
  ASSIGN_OR_RETURN(KvReply app, kv_->Run({"GET", absl::StrCat("enrollment:link:", hash)}));
  if (app.is_nil()) return std::optional<Record>();
  ASSIGN_OR_RETURN(std::optional<Record> r, Get(app.str));
  // A link replaced since is treated like an unknown one by the caller.
  if (r && r->link_hash != hash) r->link.replaced = true;
  return r;
}

absl::Status RegistrationStore::Put(const std::optional<Record>& before, const Record& after,
                                    std::vector<EventEnvelope> events, KvWrites extra) {
  const std::string& id = after.application_id;
  std::vector<std::string> fields = {"registration",     after.registration.SerializeAsString(),
                                     "forwarded_by",     after.forwarded_by.SerializeAsString(),
                                     "existing_account", after.existing_account};
  if (after.identity) {
    fields.insert(fields.end(), {"identity", after.identity->SerializeAsString()});
  }
  if (after.link_hash) {
    fields.insert(
        fields.end(),
        {"link_hash", *after.link_hash, "link_id", after.link.link_id, "link_expire_ms",
         Millis(after.link.expire_time), "link_used", after.link.used ? "1" : "0", "link_reminded",
         after.link.reminded ? "1" : "0", "links_issued", absl::StrCat(after.links_issued)});
    // The token hash -> application index is written before the transaction: an orphan
    // entry (if the transaction then fails) points at a record without that link.
    RETURN_IF_ERROR(
        kv_->Run({"SET", absl::StrCat("enrollment:link:", *after.link_hash), id}).status());
  }
  extra.Add(VersionedWrite(Key(id), before ? before->version : 0, std::move(fields)));
  if (after.identity) {
    extra.commands.push_back({"ZREM", "enrollment:pending", id});
    extra.commands.push_back({"ZADD", "enrollment:identities", "NX",
                              Millis(FromTimestamp(after.identity->create_time())), id});
  } else {
    extra.commands.push_back({"ZADD", "enrollment:pending", "NX",
                              Millis(FromTimestamp(after.registration.forward_time())), id});
  }
  return outbox_->Commit(id, std::move(extra), events).status();
}

absl::StatusOr<bool> RegistrationStore::ClaimUsername(const std::string& username,
                                                      const std::string& id) {
  const std::string key = absl::StrCat("enrollment:username:", username);
  ASSIGN_OR_RETURN(KvReply set, kv_->Run({"SET", key, id, "NX"}));
  if (!set.is_nil()) return true;
  ASSIGN_OR_RETURN(KvReply holder, kv_->Run({"GET", key}));
  return holder.str == id;
}

absl::Status RegistrationStore::PutDocument(const std::string& sha, const std::string& bytes) {
  return kv_->Run({"SET", absl::StrCat("enrollment:document:", sha), bytes, "NX"}).status();
}

absl::StatusOr<std::optional<std::string>> RegistrationStore::GetDocument(const std::string& sha) {
  ASSIGN_OR_RETURN(KvReply bytes, kv_->Run({"GET", absl::StrCat("enrollment:document:", sha)}));
  if (bytes.is_nil()) return std::nullopt;
  return std::move(bytes.str);
}

absl::StatusOr<int64_t> RegistrationStore::CountFailure(const std::string& counter,
                                                        absl::Time now) {
  const std::string key =
      absl::StrCat("enrollment:failures:", counter, ":", absl::ToUnixSeconds(now) / 60);
  ASSIGN_OR_RETURN(std::vector<KvReply> r, kv_->Pipeline({{"INCR", key}, {"EXPIRE", key, "120"}}));
  return r[0].integer;
}

absl::StatusOr<int64_t> RegistrationStore::Failures(const std::string& counter, absl::Time now) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"GET", absl::StrCat("enrollment:failures:", counter, ":",
                                                            absl::ToUnixSeconds(now) / 60)}));
  int64_t n = 0;
  if (!r.is_nil()) absl::SimpleAtoi(r.str, &n);
  return n;
}

absl::StatusOr<std::vector<std::string>> RegistrationStore::Page(const std::string& index,
                                                                 int64_t offset, int64_t count) {
  ASSIGN_OR_RETURN(KvReply ids,
                   kv_->Run({"ZRANGEBYSCORE", absl::StrCat("enrollment:", index), "-inf", "+inf",
                             "LIMIT", absl::StrCat(offset), absl::StrCat(count)}));
  std::vector<std::string> out;
  for (const KvReply& id : ids.elements) out.push_back(id.str);
  return out;
}

}  // namespace ams::enrollment
