// The key-value store (Redis) behind a small interface. Each service keeps its phase's
// state here under its own prefix, with keys hash-tagged by application id
// ("intake:{<app-id>}:application") so one application's multi-key transaction stays in
// one Redis Cluster slot.
#ifndef AMS_COMMON_KV_STORE_H_
#define AMS_COMMON_KV_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ams {

// One reply, as Redis gives it.
struct KvReply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string str;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<KvReply> elements;

  bool is_nil() const { return type == Type::kNil; }
  static KvReply Nil() { return {}; }
  static KvReply String(std::string s) { return {Type::kString, std::move(s), 0, {}}; }
  static KvReply Integer(long long i) { return {Type::kInteger, "", i, {}}; }
  static KvReply Status(std::string s) { return {Type::kStatus, std::move(s), 0, {}}; }
  static KvReply Error(std::string s) { return {Type::kError, std::move(s), 0, {}}; }
  static KvReply Array(std::vector<KvReply> e) { return {Type::kArray, "", 0, std::move(e)}; }
};

using KvCommand = std::vector<std::string>;

// A condition a transaction needs: hash field `field` of `key` (or, with `field` empty, the
// string `key` itself) equals `expected` ("" means absent). Checked under WATCH, so a
// concurrent change aborts the transaction too.
struct KvPrecondition {
  std::string key;
  std::string field;
  std::string expected;
};

// Commands that must commit together, and the conditions they need: a piece of a
// transaction that one part of a service (a consumer's inbox mark, a store's record) hands
// to another.
struct KvWrites {
  std::vector<KvCommand> commands;
  std::vector<KvPrecondition> preconditions;

  bool empty() const { return commands.empty() && preconditions.empty(); }
  KvWrites& Add(const KvWrites& more) {
    commands.insert(commands.end(), more.commands.begin(), more.commands.end());
    preconditions.insert(preconditions.end(), more.preconditions.begin(), more.preconditions.end());
    return *this;
  }
};

class KvStore {
 public:
  virtual ~KvStore() = default;

  // Sends the commands together over one connection and returns their replies in order.
  // A command's error comes back as a kError reply; UNAVAILABLE when Redis cannot be reached
  // (retryable).
  virtual absl::StatusOr<std::vector<KvReply>> Pipeline(absl::Span<const KvCommand> commands) = 0;

  // MULTI/EXEC: all commands or none. ABORTED when a precondition does not hold or its key
  // changed meanwhile (read again and decide again); INTERNAL when a command is malformed.
  virtual absl::StatusOr<std::vector<KvReply>> Transaction(
      absl::Span<const KvCommand> commands,
      absl::Span<const KvPrecondition> preconditions = {}) = 0;

  // One command; an error reply becomes INTERNAL.
  absl::StatusOr<KvReply> Run(KvCommand command);
};

// "<prefix>:{<tag>}:<suffix>": a key in the slot of `tag` (usually the application id).
std::string TaggedKey(absl::string_view prefix, absl::string_view tag, absl::string_view suffix);

// HGETALL's flat [field, value, ...] array as pairs; empty for nil or an empty hash.
std::vector<std::pair<std::string, std::string>> HashPairs(const KvReply& reply);

}  // namespace ams

#endif  // AMS_COMMON_KV_STORE_H_
