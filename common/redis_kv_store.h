// KvStore over hiredis: a small pool of blocking connections, each used by one caller at
// a time. A connection that fails is dropped and replaced on next use (reconnect).
#ifndef AMS_COMMON_REDIS_KV_STORE_H_
#define AMS_COMMON_REDIS_KV_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/kv_store.h"

struct redisContext;

namespace ams {

struct RedisOptions {
  std::string address = "127.0.0.1:6379";  // host:port
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(2);
  absl::Duration command_timeout = absl::Seconds(5);
};

class RedisKvStore final : public KvStore {
 public:
  // Connects once to check the server answers PING.
  static absl::StatusOr<std::unique_ptr<RedisKvStore>> Create(const RedisOptions& options);
  ~RedisKvStore() override;

  absl::StatusOr<std::vector<KvReply>> Pipeline(absl::Span<const KvCommand> commands) override;
  absl::StatusOr<std::vector<KvReply>> Transaction(
      absl::Span<const KvCommand> commands,
      absl::Span<const KvPrecondition> preconditions) override;

 private:
  explicit RedisKvStore(const RedisOptions& options) : options_(options) {}

  struct ContextDeleter {
    void operator()(redisContext* c) const;
  };
  using Connection = std::unique_ptr<redisContext, ContextDeleter>;

  absl::StatusOr<Connection> Acquire();
  void Release(Connection c);
  absl::StatusOr<Connection> Connect() const;

  const RedisOptions options_;
  std::string host_;
  int port_ = 0;
  absl::Mutex mu_;
  std::vector<Connection> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ams

#endif  // AMS_COMMON_REDIS_KV_STORE_H_
