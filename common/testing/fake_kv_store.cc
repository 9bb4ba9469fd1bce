#include "common/testing/fake_kv_store.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ams::testing {
namespace {

const char kWrongType[] = "WRONGTYPE Operation against a key holding the wrong kind of value";

KvReply Ok() { return KvReply::Status("OK"); }
KvReply Bulk(const std::string& s) { return KvReply::String(s); }

// Redis glob: '*' and '?' only (enough for SCAN MATCH here).
bool Glob(const char* p, const char* s) {
  if (*p == '\0') return *s == '\0';
  if (*p == '*') return Glob(p + 1, s) || (*s != '\0' && Glob(p, s + 1));
  if (*s != '\0' && (*p == '?' || *p == *s)) return Glob(p + 1, s + 1);
  return false;
}

bool ParseScoreBound(const std::string& text, double* value, bool* exclusive) {
  *exclusive = !text.empty() && text[0] == '(';
  std::string t = *exclusive ? text.substr(1) : text;
  if (t == "-inf") return (*value = -HUGE_VAL), true;
  if (t == "+inf" || t == "inf") return (*value = HUGE_VAL), true;
  return absl::SimpleAtod(t, value);
}

std::string FormatScore(double d) {
  long long i = static_cast<long long>(d);
  return static_cast<double>(i) == d ? absl::StrCat(i) : absl::StrCat(d);
}

}  // namespace

void FakeKvStore::SetUnavailable(bool unavailable) {
  absl::MutexLock lock(&mu_);
  unavailable_ = unavailable;
}

size_t FakeKvStore::Size() {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (auto& [key, entry] : data_) n += entry.expire > clock_->Now() ? 1 : 0;
  return n;
}

absl::StatusOr<std::vector<KvReply>> FakeKvStore::Pipeline(absl::Span<const KvCommand> commands) {
  absl::MutexLock lock(&mu_);
  if (unavailable_) return absl::UnavailableError("redis: connection refused (fake)");
  std::vector<KvReply> replies;
  for (const KvCommand& c : commands) replies.push_back(Execute(c));
  return replies;
}

void FakeKvStore::SetBeforeExec(std::function<void()> hook) {
  absl::MutexLock lock(&mu_);
  before_exec_ = std::move(hook);
}

absl::StatusOr<std::vector<KvReply>> FakeKvStore::Transaction(
    absl::Span<const KvCommand> commands, absl::Span<const KvPrecondition> preconditions) {
  absl::MutexLock lock(&mu_);
  if (unavailable_) return absl::UnavailableError("redis: connection refused (fake)");
  std::map<std::string, uint64_t> watched;
  for (const KvPrecondition& p : preconditions) {
    watched[p.key] = modified_[p.key];
    KvReply value =
        Execute(p.field.empty() ? KvCommand{"GET", p.key} : KvCommand{"HGET", p.key, p.field});
    if ((value.is_nil() ? "" : value.str) != p.expected) {
      return absl::AbortedError("precondition does not hold");
    }
  }
  if (!preconditions.empty() && before_exec_) {
    std::function<void()> hook = before_exec_;
    mu_.Unlock();
    hook();
    mu_.Lock();
  }
  for (const auto& [key, seen] : watched) {
    if (modified_[key] != seen) return absl::AbortedError("a watched key changed (fake)");
  }
  // As in Redis, a command failing inside EXEC does not undo or stop the others.
  std::vector<KvReply> replies;
  std::string error;
  for (const KvCommand& c : commands) {
    replies.push_back(Execute(c));
    if (replies.back().type == KvReply::Type::kError && error.empty()) error = replies.back().str;
  }
  if (!error.empty())
    return absl::InternalError(absl::StrCat("redis (inside transaction): ", error));
  return replies;
}

FakeKvStore::Entry* FakeKvStore::Find(const std::string& key) {
  auto it = data_.find(key);
  if (it == data_.end()) return nullptr;
  if (it->second.expire <= clock_->Now()) {
    data_.erase(it);
    return nullptr;
  }
  return &it->second;
}

template <typename T>
T* FakeKvStore::Get(const std::string& key, bool create, KvReply* error) {
  Entry* e = Find(key);
  if (e == nullptr) {
    if (!create) return nullptr;
    e = &data_[key];
    e->value = T();
  }
  T* v = std::get_if<T>(&e->value);
  if (v == nullptr) *error = KvReply::Error(kWrongType);
  return v;
}

KvReply FakeKvStore::Execute(const KvCommand& c) {
  static const auto* const kWrites = new std::set<std::string>{
      "SET",     "INCR",  "INCRBY", "DEL",  "EXPIRE", "PEXPIRE", "HSET", "HSETNX", "HDEL",
      "HINCRBY", "RPUSH", "LTRIM",  "LREM", "SADD",   "SREM",    "ZADD", "ZREM"};
  KvReply reply = ExecuteCommand(c);
  if (c.size() < 2) return reply;
  const std::string op = absl::AsciiStrToUpper(c[0]);
  if (!kWrites->count(op)) return reply;
  // A write that changed nothing (SET NX on an existing key, DEL of a missing one) does not
  // touch the key for WATCH, as in Redis.
  const bool no_op =
      reply.type == KvReply::Type::kError || reply.is_nil() ||
      (reply.type == KvReply::Type::kInteger && reply.integer == 0 && op != "HSET" && op != "ZADD");
  if (no_op) return reply;
  for (size_t i = 1; i < (op == "DEL" ? c.size() : 2); ++i) ++modified_[c[i]];
  return reply;
}

KvReply FakeKvStore::ExecuteCommand(const KvCommand& c) {
  if (c.empty()) return KvReply::Error("ERR empty command");
  const std::string op = absl::AsciiStrToUpper(c[0]);
  const size_t n = c.size();
  KvReply wrong;  // set to WRONGTYPE by Get<T>() when a key holds another kind of value
  auto integer = [](long long i) { return KvReply::Integer(i); };
  auto cleanup = [this](const std::string& key) {
    Entry* e = Find(key);
    if (e == nullptr) return;
    bool empty = std::visit(
        [](auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
            return false;
          } else {
            return v.empty();
          }
        },
        e->value);
    if (empty) data_.erase(key);
  };

  if (op == "PING") return KvReply::Status("PONG");
  if (op == "GET" && n == 2) {
    auto* s = Get<std::string>(c[1], false, &wrong);
    if (s == nullptr) return wrong.is_nil() ? KvReply::Nil() : wrong;
    return Bulk(*s);
  }
  if (op == "SET" && n >= 3) {
    bool nx = false, xx = false;
    absl::Time expire = absl::InfiniteFuture();
    for (size_t i = 3; i < n; ++i) {
      std::string opt = absl::AsciiStrToUpper(c[i]);
      long long amount = 0;
      if (opt == "NX")
        nx = true;
      else if (opt == "XX")
        xx = true;
      else if ((opt == "EX" || opt == "PX") && i + 1 < n && absl::SimpleAtoi(c[i + 1], &amount)) {
        expire = clock_->Now() + (opt == "EX" ? absl::Seconds(amount) : absl::Milliseconds(amount));
        ++i;
      } else {
        return KvReply::Error("ERR syntax error");
      }
    }
    bool exists = Find(c[1]) != nullptr;
    if ((nx && exists) || (xx && !exists)) return KvReply::Nil();
    data_[c[1]] = Entry{c[2], expire};
    return Ok();
  }
  if ((op == "INCR" && n == 2) || (op == "INCRBY" && n == 3)) {
    long long by = 1;
    if (op == "INCRBY" && !absl::SimpleAtoi(c[2], &by)) return KvReply::Error("ERR not an integer");
    Entry* e = Find(c[1]);
    long long v = 0;
    if (e != nullptr) {
      auto* s = std::get_if<std::string>(&e->value);
      if (s == nullptr) return KvReply::Error(kWrongType);
      if (!absl::SimpleAtoi(*s, &v)) return KvReply::Error("ERR value is not an integer");
      *s = absl::StrCat(v + by);
    } else {
      data_[c[1]] = Entry{absl::StrCat(by)};
    }
    return integer(v + by);
  }
  if (op == "DEL" && n >= 2) {
    long long removed = 0;
    for (size_t i = 1; i < n; ++i) {
      if (Find(c[i]) != nullptr) removed += data_.erase(c[i]);
    }
    return integer(removed);
  }
  if (op == "EXISTS" && n >= 2) {
    long long count = 0;
    for (size_t i = 1; i < n; ++i) count += Find(c[i]) != nullptr;
    return integer(count);
  }
  if ((op == "EXPIRE" || op == "PEXPIRE") && n == 3) {
    long long amount;
    if (!absl::SimpleAtoi(c[2], &amount)) return KvReply::Error("ERR not an integer");
    Entry* e = Find(c[1]);
    if (e == nullptr) return integer(0);
    e->expire =
        clock_->Now() + (op == "EXPIRE" ? absl::Seconds(amount) : absl::Milliseconds(amount));
    return integer(1);
  }
  if (op == "SCAN" && n >= 2) {
    std::string pattern = "*";
    for (size_t i = 2; i + 1 < n; i += 2) {
      if (absl::AsciiStrToUpper(c[i]) == "MATCH") pattern = c[i + 1];
    }
    std::vector<KvReply> keys;
    for (auto it = data_.begin(); it != data_.end(); ++it) {
      if (it->second.expire > clock_->Now() && Glob(pattern.c_str(), it->first.c_str())) {
        keys.push_back(Bulk(it->first));
      }
    }
    return KvReply::Array({Bulk("0"), KvReply::Array(std::move(keys))});
  }
  if (op == "HSET" && n >= 4 && n % 2 == 0) {
    auto* h = Get<Hash>(c[1], true, &wrong);
    if (h == nullptr) return wrong;
    long long added = 0;
    for (size_t i = 2; i + 1 < n; i += 2) added += h->insert_or_assign(c[i], c[i + 1]).second;
    return integer(added);
  }
  if (op == "HSETNX" && n == 4) {
    auto* h = Get<Hash>(c[1], true, &wrong);
    if (h == nullptr) return wrong;
    return integer(h->emplace(c[2], c[3]).second ? 1 : 0);
  }
  if (op == "HGET" && n == 3) {
    auto* h = Get<Hash>(c[1], false, &wrong);
    if (h == nullptr) return wrong.is_nil() ? KvReply::Nil() : wrong;
    auto it = h->find(c[2]);
    return it == h->end() ? KvReply::Nil() : Bulk(it->second);
  }
  if (op == "HGETALL" && n == 2) {
    auto* h = Get<Hash>(c[1], false, &wrong);
    std::vector<KvReply> flat;
    if (h != nullptr) {
      for (auto& [f, v] : *h) {
        flat.push_back(Bulk(f));
        flat.push_back(Bulk(v));
      }
    }
    return KvReply::Array(std::move(flat));
  }
  if (op == "HDEL" && n >= 3) {
    auto* h = Get<Hash>(c[1], false, &wrong);
    long long removed = 0;
    if (h != nullptr) {
      for (size_t i = 2; i < n; ++i) removed += h->erase(c[i]);
    }
    cleanup(c[1]);
    return integer(removed);
  }
  if (op == "HINCRBY" && n == 4) {
    auto* h = Get<Hash>(c[1], true, &wrong);
    long long by, v = 0;
    if (h == nullptr) return wrong;
    if (!absl::SimpleAtoi(c[3], &by)) return KvReply::Error("ERR not an integer");
    auto it = h->find(c[2]);
    if (it != h->end() && !absl::SimpleAtoi(it->second, &v)) {
      return KvReply::Error("ERR hash value is not an integer");
    }
    (*h)[c[2]] = absl::StrCat(v + by);
    return integer(v + by);
  }
  if (op == "RPUSH" && n >= 3) {
    auto* l = Get<List>(c[1], true, &wrong);
    if (l == nullptr) return wrong;
    l->insert(l->end(), c.begin() + 2, c.end());
    return integer(static_cast<long long>(l->size()));
  }
  if ((op == "LRANGE" || op == "LTRIM") && n == 4) {
    long long start, stop;
    if (!absl::SimpleAtoi(c[2], &start) || !absl::SimpleAtoi(c[3], &stop)) {
      return KvReply::Error("ERR not an integer");
    }
    auto* l = Get<List>(c[1], false, &wrong);
    long long size = l == nullptr ? 0 : static_cast<long long>(l->size());
    if (start < 0) start = std::max(0LL, size + start);
    if (stop < 0) stop = size + stop;
    stop = std::min(stop, size - 1);
    if (op == "LRANGE") {
      std::vector<KvReply> items;
      for (long long i = start; i <= stop; ++i) items.push_back(Bulk((*l)[i]));
      return KvReply::Array(std::move(items));
    }
    if (l != nullptr) {
      *l = start > stop ? List() : List(l->begin() + start, l->begin() + stop + 1);
      cleanup(c[1]);
    }
    return Ok();
  }
  if (op == "LREM" && n == 4) {
    long long count;
    if (!absl::SimpleAtoi(c[2], &count)) return KvReply::Error("ERR not an integer");
    auto* l = Get<List>(c[1], false, &wrong);
    if (l == nullptr) return wrong.is_nil() ? integer(0) : wrong;
    // count > 0: the first matches from the head; < 0: from the tail; 0: all.
    if (count < 0) std::reverse(l->begin(), l->end());
    List kept;
    long long removed = 0;
    for (std::string& item : *l) {
      if (item == c[3] && (count == 0 || removed < std::llabs(count))) {
        ++removed;
      } else {
        kept.push_back(std::move(item));
      }
    }
    if (count < 0) std::reverse(kept.begin(), kept.end());
    *l = std::move(kept);
    cleanup(c[1]);
    return integer(removed);
  }
  if (op == "LLEN" && n == 2) {
    auto* l = Get<List>(c[1], false, &wrong);
    return integer(l == nullptr ? 0 : static_cast<long long>(l->size()));
  }
  if ((op == "SADD" || op == "SREM") && n >= 3) {
    auto* s = Get<Set>(c[1], op == "SADD", &wrong);
    if (s == nullptr) return wrong.is_nil() ? integer(0) : wrong;
    long long changed = 0;
    for (size_t i = 2; i < n; ++i)
      changed += op == "SADD" ? s->insert(c[i]).second : s->erase(c[i]);
    cleanup(c[1]);
    return integer(changed);
  }
  if (op == "SISMEMBER" && n == 3) {
    auto* s = Get<Set>(c[1], false, &wrong);
    return integer(s != nullptr && s->count(c[2]));
  }
  if ((op == "SMEMBERS" || op == "SCARD") && n == 2) {
    auto* s = Get<Set>(c[1], false, &wrong);
    if (op == "SCARD") return integer(s == nullptr ? 0 : static_cast<long long>(s->size()));
    std::vector<KvReply> members;
    if (s != nullptr) {
      for (const std::string& m : *s) members.push_back(Bulk(m));
    }
    return KvReply::Array(std::move(members));
  }
  if (op == "ZADD" && n >= 4) {
    size_t i = 2;
    bool nx = false, xx = false;
    for (; i < n; ++i) {
      const std::string flag = absl::AsciiStrToUpper(c[i]);
      if (flag == "NX") {
        nx = true;
      } else if (flag == "XX") {
        xx = true;
      } else {
        break;
      }
    }
    if ((n - i) % 2 != 0) return KvReply::Error("ERR syntax error");
    auto* z = Get<ZSet>(c[1], true, &wrong);
    if (z == nullptr) return wrong;
    long long added = 0;
    if (nx && xx)
      return KvReply::Error("ERR XX and NX options at the same time are not compatible");
    for (; i + 1 < n; i += 2) {
      double score;
      if (!absl::SimpleAtod(c[i], &score)) return KvReply::Error("ERR value is not a valid float");
      bool exists = z->count(c[i + 1]) > 0;
      if ((nx && exists) || (xx && !exists)) continue;
      (*z)[c[i + 1]] = score;
      added += !exists;
    }
    cleanup(c[1]);  // XX on a missing key creates nothing
    return integer(added);
  }
  if (op == "ZREM" && n >= 3) {
    auto* z = Get<ZSet>(c[1], false, &wrong);
    long long removed = 0;
    if (z != nullptr) {
      for (size_t i = 2; i < n; ++i) removed += z->erase(c[i]);
    }
    cleanup(c[1]);
    return integer(removed);
  }
  if (op == "ZSCORE" && n == 3) {
    auto* z = Get<ZSet>(c[1], false, &wrong);
    if (z == nullptr || !z->count(c[2])) return KvReply::Nil();
    return Bulk(FormatScore(z->at(c[2])));
  }
  if (op == "ZCARD" && n == 2) {
    auto* z = Get<ZSet>(c[1], false, &wrong);
    return integer(z == nullptr ? 0 : static_cast<long long>(z->size()));
  }
  if (op == "ZRANGEBYSCORE" && n >= 4) {
    double min, max;
    bool min_ex, max_ex, with_scores = false;
    long long offset = 0, count = -1;
    if (!ParseScoreBound(c[2], &min, &min_ex) || !ParseScoreBound(c[3], &max, &max_ex)) {
      return KvReply::Error("ERR min or max is not a float");
    }
    for (size_t i = 4; i < n; ++i) {
      std::string opt = absl::AsciiStrToUpper(c[i]);
      if (opt == "WITHSCORES") {
        with_scores = true;
      } else if (opt == "LIMIT" && i + 2 < n && absl::SimpleAtoi(c[i + 1], &offset) &&
                 absl::SimpleAtoi(c[i + 2], &count)) {
        i += 2;
      } else {
        return KvReply::Error("ERR syntax error");
      }
    }
    auto* z = Get<ZSet>(c[1], false, &wrong);
    std::vector<std::pair<double, std::string>> sorted;
    if (z != nullptr) {
      for (auto& [m, s] : *z) {
        if ((min_ex ? s > min : s >= min) && (max_ex ? s < max : s <= max))
          sorted.emplace_back(s, m);
      }
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<KvReply> out;
    for (long long i = offset; i < static_cast<long long>(sorted.size()); ++i) {
      if (count >= 0 && i >= offset + count) break;
      out.push_back(Bulk(sorted[i].second));
      if (with_scores) out.push_back(Bulk(FormatScore(sorted[i].first)));
    }
    return KvReply::Array(std::move(out));
  }
  if (op == "EVAL" || op == "EVALSHA") return KvReply::Error("ERR scripts are not faked");
  return KvReply::Error(absl::StrCat("ERR unknown command or wrong arguments '", c[0], "' (fake)"));
}

}  // namespace ams::testing
