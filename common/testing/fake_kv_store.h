#ifndef AMS_COMMON_TESTING_FAKE_KV_STORE_H_
#define AMS_COMMON_TESTING_FAKE_KV_STORE_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/kv_store.h"

namespace ams::testing {

// An in-memory stand-in for Redis with the commands this project uses: strings (GET SET
// with NX/XX/EX/PX, INCR, INCRBY), keys (DEL EXISTS EXPIRE PEXPIRE SCAN), hashes (HSET
// HGET HGETALL HDEL HINCRBY), lists (RPUSH LRANGE LTRIM LREM LLEN), sets (SADD SREM
// SISMEMBER SMEMBERS SCARD), sorted sets (ZADD with NX/XX, ZREM ZSCORE ZCARD ZRANGEBYSCORE). Expiry
// follows the given clock. An unknown command is an error reply, as in Redis.
//
// Transactions behave as Redis's WATCH/MULTI/EXEC do where correctness depends on it: the
// preconditions are read under WATCH and the transaction aborts when another client wrote a
// watched key before EXEC (SetBeforeExec lets a test write there), and a command failing
// inside EXEC does not stop the others.
class FakeKvStore final : public KvStore {
 public:
  explicit FakeKvStore(Clock* clock = &RealClock()) : clock_(clock) {}

  absl::StatusOr<std::vector<KvReply>> Pipeline(absl::Span<const KvCommand> commands) override;
  absl::StatusOr<std::vector<KvReply>> Transaction(
      absl::Span<const KvCommand> commands,
      absl::Span<const KvPrecondition> preconditions) override;

  // Runs between a transaction's WATCH and its EXEC, with the store unlocked: what another
  // client does in that window.
  void SetBeforeExec(std::function<void()> hook);
  // While set, every call fails with UNAVAILABLE, as when Redis is down.
  void SetUnavailable(bool unavailable);
  // Number of live keys.
  size_t Size();

 private:
  using Hash = std::map<std::string, std::string>;
  using List = std::vector<std::string>;
  using Set = std::set<std::string>;
  using ZSet = std::map<std::string, double>;
  using Value = std::variant<std::string, Hash, List, Set, ZSet>;
  struct Entry {
    Value value;
    absl::Time expire = absl::InfiniteFuture();
  };

  // Runs one command and notes which key it modified (what WATCH sees).
  KvReply Execute(const KvCommand& c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  KvReply ExecuteCommand(const KvCommand& c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Entry* Find(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  template <typename T>
  T* Get(const std::string& key, bool create, KvReply* error) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock* clock_;
  absl::Mutex mu_;
  std::map<std::string, Entry> data_ ABSL_GUARDED_BY(mu_);
  // How often each key was modified (never erased: a deleted key changes too).
  std::map<std::string, uint64_t> modified_ ABSL_GUARDED_BY(mu_);
  std::function<void()> before_exec_ ABSL_GUARDED_BY(mu_);
  bool unavailable_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_FAKE_KV_STORE_H_
