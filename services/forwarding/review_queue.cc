#include "services/forwarding/review_queue.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/rpc_status.h"
#include "common/status_macros.h"
#include "common/versioned_record.h"
#include "re2/re2.h"

namespace ams::forwarding {
namespace {

constexpr char kQueue[] = "forwarding:queue";

std::string LetterKey(const std::string& sha) { return absl::StrCat("forwarding:letter:", sha); }

}  // namespace

std::string ReviewQueue::Key(const std::string& id) { return TaggedKey("forwarding", id, "item"); }

absl::StatusOr<std::string> ParseItemName(const std::string& name, const std::string& field) {
  static const RE2* const pattern = new RE2(
      "(?:reviewItems|applications)/"
      "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  std::string id;
  if (!RE2::FullMatch(name, *pattern, &id)) {
    return InvalidFields({{field, "must be reviewItems/{application id}"}});
  }
  return id;
}

ReviewItem ItemFromSubmission(const ams::intake::v1::ApplicationSubmitted& s) {
  ReviewItem item;
  const std::string id(absl::StripPrefix(s.application(), "applications/"));
  item.set_name(absl::StrCat("reviewItems/", id));
  item.set_application(s.application());
  item.set_kind(s.kind());
  item.set_existing_account(s.existing_account());
  *item.mutable_applicant() = s.applicant();
  *item.mutable_recommendation_letter() = s.recommendation_letter();
  item.set_state(ReviewItem::STATE_PENDING);
  item.set_revision(s.revision());
  *item.mutable_submit_time() = s.submit_time();
  return item;
}

absl::StatusOr<std::optional<StoredItem>> ReviewQueue::Get(const std::string& id) {
  ASSIGN_OR_RETURN(KvReply reply, kv_->Run({"HGETALL", Key(id)}));
  std::optional<StoredItem> out;
  for (auto& [field, value] : HashPairs(reply)) {
    if (!out) out.emplace();
    if (field == "proto" && !out->item.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("review item ", id, " is unreadable"));
    }
    if (field == "version") absl::SimpleAtoi(value, &out->version);
    CollectRequestField(field, value, out->request_hashes);
  }
  return out;
}

absl::Status ReviewQueue::Put(const std::optional<StoredItem>& before, const ReviewItem& after,
                              std::vector<EventEnvelope> events, KvWrites extra) {
  const std::string id(absl::StripPrefix(after.application(), "applications/"));
  extra.Add(
      VersionedWrite(Key(id), before ? before->version : 0, {"proto", after.SerializeAsString()}));
  const auto& t = after.submit_time();
  extra.commands.push_back(
      {"ZADD", kQueue, absl::StrCat(t.seconds() * 1000 + t.nanos() / 1000000), id});
  return outbox_->Commit(id, std::move(extra), events).status();
}

absl::StatusOr<std::pair<std::vector<ReviewItem>, int64_t>> ReviewQueue::List(
    ReviewItem::State state, const std::string& agency, int page_size, int64_t offset) {
  std::vector<ReviewItem> items;
  const int64_t chunk = std::max(page_size * 2, 50);
  while (true) {
    ASSIGN_OR_RETURN(KvReply ids, kv_->Run({"ZRANGEBYSCORE", kQueue, "-inf", "+inf", "LIMIT",
                                            absl::StrCat(offset), absl::StrCat(chunk)}));
    if (ids.elements.empty()) return std::make_pair(std::move(items), int64_t{-1});
    std::vector<KvCommand> reads;
    for (const KvReply& id : ids.elements) reads.push_back({"HGET", Key(id.str), "proto"});
    ASSIGN_OR_RETURN(std::vector<KvReply> protos, kv_->Pipeline(reads));
    for (const KvReply& p : protos) {
      ++offset;
      ReviewItem item;
      if (p.is_nil() || !item.ParseFromString(p.str)) continue;
      if (state != ReviewItem::STATE_UNSPECIFIED && item.state() != state) continue;
      if (!agency.empty() && item.applicant().agency() != agency) continue;
      items.push_back(std::move(item));
      if (static_cast<int>(items.size()) == page_size)
        return std::make_pair(std::move(items), offset);
    }
    if (static_cast<int64_t>(ids.elements.size()) < chunk) {
      return std::make_pair(std::move(items), int64_t{-1});
    }
  }
}

absl::Status ReviewQueue::PutLetter(const std::string& sha, const std::string& pdf) {
  return kv_->Run({"SET", LetterKey(sha), pdf, "NX"}).status();
}

absl::StatusOr<std::optional<std::string>> ReviewQueue::GetLetter(const std::string& sha) {
  ASSIGN_OR_RETURN(KvReply r, kv_->Run({"GET", LetterKey(sha)}));
  if (r.is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(r.str));
}

}  // namespace ams::forwarding
