#include "common/redis_kv_store.h"

#include <hiredis/hiredis.h>

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ams {
namespace {

KvReply Convert(const redisReply* r) {
  switch (r->type) {
    case REDIS_REPLY_STRING:
      return KvReply::String(std::string(r->str, r->len));
    case REDIS_REPLY_STATUS:
      return KvReply::Status(std::string(r->str, r->len));
    case REDIS_REPLY_ERROR:
      return KvReply::Error(std::string(r->str, r->len));
    case REDIS_REPLY_INTEGER:
      return KvReply::Integer(r->integer);
    case REDIS_REPLY_ARRAY: {
      std::vector<KvReply> elements;
      elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) elements.push_back(Convert(r->element[i]));
      return KvReply::Array(std::move(elements));
    }
    default:
      return KvReply::Nil();
  }
}

void Append(redisContext* c, const KvCommand& command) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(command.size());
  lens.reserve(command.size());
  for (const std::string& arg : command) {
    argv.push_back(arg.data());
    lens.push_back(arg.size());
  }
  redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data());
}

// Reads one reply; UNAVAILABLE on a broken connection.
absl::StatusOr<KvReply> Read(redisContext* c) {
  void* raw = nullptr;
  if (redisGetReply(c, &raw) != REDIS_OK || raw == nullptr) {
    return absl::UnavailableError(absl::StrCat("redis: ", c->errstr[0] ? c->errstr : "no reply"));
  }
  KvReply reply = Convert(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

// Redis answering before it can serve (loading its AOF after a restart, a busy script, a
// failover in progress): retryable, unlike an error in a command.
bool NotReady(const KvReply& r) {
  if (r.type != KvReply::Type::kError) return false;
  for (absl::string_view code : {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"}) {
    if (absl::StartsWith(r.str, code)) return true;
  }
  return false;
}

absl::Status Unavailable(const KvReply& r) {
  return absl::UnavailableError(absl::StrCat("redis: ", r.str));
}

}  // namespace

void RedisKvStore::ContextDeleter::operator()(redisContext* c) const { redisFree(c); }

absl::StatusOr<std::unique_ptr<RedisKvStore>> RedisKvStore::Create(const RedisOptions& options) {
  std::unique_ptr<RedisKvStore> store(new RedisKvStore(options));
  size_t colon = options.address.rfind(':');
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options.address.substr(colon + 1), &store->port_)) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis address \"", options.address, "\" is not host:port"));
  }
  store->host_ = options.address.substr(0, colon);
  ASSIGN_OR_RETURN(KvReply pong, store->Run({"PING"}));
  if (pong.str != "PONG") return absl::UnavailableError("redis: no PONG");
  return store;
}

RedisKvStore::~RedisKvStore() = default;

absl::StatusOr<RedisKvStore::Connection> RedisKvStore::Connect() const {
  Connection c(
      redisConnectWithTimeout(host_.c_str(), port_, absl::ToTimeval(options_.connect_timeout)));
  if (c == nullptr) return absl::UnavailableError("redis: out of memory");
  if (c->err) {
    return absl::UnavailableError(
        absl::StrCat("redis: cannot connect to ", options_.address, ": ", c->errstr));
  }
  redisSetTimeout(c.get(), absl::ToTimeval(options_.command_timeout));
  return c;
}

absl::StatusOr<RedisKvStore::Connection> RedisKvStore::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    mu_.Await(absl::Condition(&available));
    if (!idle_.empty()) {
      Connection c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  absl::StatusOr<Connection> c = Connect();
  if (!c.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return c;
}

void RedisKvStore::Release(Connection c) {
  absl::MutexLock lock(&mu_);
  if (c == nullptr || c->err) {
    --open_;  // dropped; the next Acquire reconnects
    return;
  }
  idle_.push_back(std::move(c));
}

absl::StatusOr<std::vector<KvReply>> RedisKvStore::Pipeline(absl::Span<const KvCommand> commands) {
  ASSIGN_OR_RETURN(Connection c, Acquire());
  for (const KvCommand& command : commands) Append(c.get(), command);
  std::vector<KvReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    absl::StatusOr<KvReply> reply = Read(c.get());
    if (!reply.ok()) {
      Release(std::move(c));
      return reply.status();
    }
    replies.push_back(*std::move(reply));
  }
  Release(std::move(c));
  for (const KvReply& r : replies) {
    if (NotReady(r)) return Unavailable(r);
  }
  return replies;
}

absl::StatusOr<std::vector<KvReply>> RedisKvStore::Transaction(
    absl::Span<const KvCommand> commands, absl::Span<const KvPrecondition> preconditions) {
  ASSIGN_OR_RETURN(Connection c, Acquire());
  // Runs on the acquired connection and always gives it back.
  auto run = [&]() -> absl::StatusOr<std::vector<KvReply>> {
    if (!preconditions.empty()) {
      KvCommand watch = {"WATCH"};
      for (const KvPrecondition& p : preconditions) watch.push_back(p.key);
      Append(c.get(), watch);
      for (const KvPrecondition& p : preconditions) {
        Append(c.get(),
               p.field.empty() ? KvCommand{"GET", p.key} : KvCommand{"HGET", p.key, p.field});
      }
      ASSIGN_OR_RETURN(KvReply watched, Read(c.get()));
      bool holds = watched.type == KvReply::Type::kStatus;
      std::optional<KvReply> not_ready;
      if (NotReady(watched)) not_ready = watched;
      for (const KvPrecondition& p : preconditions) {
        ASSIGN_OR_RETURN(KvReply value, Read(c.get()));
        if (NotReady(value)) not_ready = value;
        std::string actual = value.is_nil() ? "" : value.str;
        if (actual != p.expected) holds = false;
      }
      if (!holds) {
        Append(c.get(), {"UNWATCH"});
        RETURN_IF_ERROR(Read(c.get()).status());
        if (not_ready) return Unavailable(*not_ready);
        return absl::AbortedError("precondition does not hold");
      }
    }
    Append(c.get(), {"MULTI"});
    for (const KvCommand& command : commands) Append(c.get(), command);
    Append(c.get(), {"EXEC"});
    std::optional<KvReply> queue_error;
    for (size_t i = 0; i <= commands.size(); ++i) {  // +OK for MULTI, +QUEUED for each
      ASSIGN_OR_RETURN(KvReply queued, Read(c.get()));
      if (queued.type == KvReply::Type::kError && !queue_error) queue_error = queued;
    }
    ASSIGN_OR_RETURN(KvReply exec, Read(c.get()));
    if (queue_error) {
      if (NotReady(*queue_error)) return Unavailable(*queue_error);
      return absl::InternalError(absl::StrCat("redis: ", queue_error->str));
    }
    if (NotReady(exec)) return Unavailable(exec);
    if (exec.type == KvReply::Type::kError) {
      return absl::InternalError(absl::StrCat("redis: ", exec.str));
    }
    if (exec.is_nil()) return absl::AbortedError("a watched key changed; transaction not applied");
    for (const KvReply& r : exec.elements) {
      if (r.type == KvReply::Type::kError) {
        return absl::InternalError(absl::StrCat("redis (inside transaction): ", r.str));
      }
    }
    return std::move(exec.elements);
  };
  absl::StatusOr<std::vector<KvReply>> result = run();
  Release(std::move(c));
  return result;
}

}  // namespace ams
