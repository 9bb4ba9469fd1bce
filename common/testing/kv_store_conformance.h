// Checks that hold for real Redis and must hold for the fake too: run on both (the fake in
// common/fake_kv_store_test.cc, the real server in tests/integration), so unit tests built on
// the fake prove what they claim.
#ifndef AMS_COMMON_TESTING_KV_STORE_CONFORMANCE_H_
#define AMS_COMMON_TESTING_KV_STORE_CONFORMANCE_H_

#include <string>

#include "common/kv_store.h"

namespace ams::testing {

// A command failing inside EXEC (WRONGTYPE) fails the call, yet every other command of the
// transaction is applied, before and after it.
void ExpectTransactionRunsEveryCommand(KvStore& kv, const std::string& key_prefix);

// `threads` writers each add `each` to one counter by read, then a transaction guarded by
// the value read, retried on ABORTED: the counter ends exact (no lost update).
void ExpectGuardedWritesAreExact(KvStore& kv, const std::string& key, int threads, int each);

// Preconditions on a hash field and on a whole string key (field ""), present and absent;
// LREM by value removes exactly the matching entries.
void ExpectPreconditionsAndListRemoval(KvStore& kv, const std::string& key_prefix);

}  // namespace ams::testing

#endif  // AMS_COMMON_TESTING_KV_STORE_CONFORMANCE_H_
