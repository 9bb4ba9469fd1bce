#include "common/kv_store.h"

#include "absl/strings/str_cat.h"

namespace ams {

absl::StatusOr<KvReply> KvStore::Run(KvCommand command) {
  absl::StatusOr<std::vector<KvReply>> replies = Pipeline({std::move(command)});
  if (!replies.ok()) return replies.status();
  KvReply& reply = replies->front();
  if (reply.type == KvReply::Type::kError) {
    return absl::InternalError(absl::StrCat("redis: ", reply.str));
  }
  return std::move(reply);
}

std::string TaggedKey(absl::string_view prefix, absl::string_view tag, absl::string_view suffix) {
  return absl::StrCat(prefix, ":{", tag, "}:", suffix);
}

std::vector<std::pair<std::string, std::string>> HashPairs(const KvReply& reply) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    pairs.emplace_back(reply.elements[i].str, reply.elements[i + 1].str);
  }
  return pairs;
}

}  // namespace ams
