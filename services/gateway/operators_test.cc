#include "services/gateway/operators.h"

#include "common/rpc_status.h"
#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/gateway/sessions.h"

namespace ams::gateway {
namespace {

using ams::type::v1::Role;

std::string ReasonOf(const absl::Status& s) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(s, &info) ? info.reason() : "";
}

class OperatorsTest : public ::testing::Test {
 protected:
  OperatorsTest() : kv_(&clock_), hasher_({8, 1, 2}), operators_(&kv_, &hasher_) {
    EXPECT_TRUE(operators_
                    .Create("operators/siti", "Siti Aminah", {Role::ROLE_DISKOMINFO_OP},
                            "kebumen-beriman-2026")
                    .ok());
  }
  testing::FakeClock clock_;
  testing::FakeKvStore kv_;
  PasswordHasher hasher_;
  Operators operators_;
};

TEST_F(OperatorsTest, CreatesOnceWithPersonsRolesOnly) {
  absl::StatusOr<v1::Operator> dewi = operators_.Create(
      "operators/dewi", "Dewi", {Role::ROLE_VERIFIER, Role::ROLE_AUDITOR}, "a-long-password!");
  ASSERT_TRUE(dewi.ok()) << dewi.status();
  EXPECT_EQ(dewi->name(), "operators/dewi");
  EXPECT_THAT(dewi->roles(), ::testing::ElementsAre(Role::ROLE_VERIFIER, Role::ROLE_AUDITOR));
  EXPECT_TRUE(absl::IsAlreadyExists(
      operators_.Create("operators/dewi", "Dewi", {Role::ROLE_VERIFIER}, "a-long-password!")
          .status()));
  for (auto bad :
       {operators_.Create("operators/Dewi!", "D", {Role::ROLE_VERIFIER}, "long-enough-pw"),
        operators_.Create("operators/x", "X", {Role::ROLE_GATEWAY}, "long-enough-pw"),
        operators_.Create("operators/y", "Y", {}, "long-enough-pw"),
        operators_.Create("operators/z", "Z", {Role::ROLE_ADMIN}, "short")}) {
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  }
  // The hash is Argon2id, never the password.
  EXPECT_THAT(kv_.Run({"HGET", "gateway:operator:dewi", "password_hash"})->str,
              ::testing::StartsWith("$argon2id$"));
}

TEST_F(OperatorsTest, AnUnknownOperatorAndAWrongPasswordLookTheSame) {
  EXPECT_TRUE(operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.0.0.1").ok());
  absl::Status wrong = operators_.SignIn("operators/siti", "nope", "ipv4:10.0.0.1").status();
  absl::Status unknown = operators_.SignIn("operators/nobody", "nope", "ipv4:10.0.0.1").status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.message(), unknown.message());
  EXPECT_EQ(ReasonOf(wrong), ReasonOf(unknown));
}

TEST_F(OperatorsTest, SignInIsThrottledPerOperatorAndAddressAndPerAddress) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        absl::IsUnauthenticated(operators_.SignIn("siti", "wrong", "ipv4:10.0.1.1").status()));
  }
  absl::Status locked = operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.0.1.1").status();
  EXPECT_EQ(locked.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReasonOf(locked), "RATE_LIMITED");
  // Siti herself, elsewhere, is not locked out by whoever guessed.
  EXPECT_TRUE(operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.0.2.1").ok());
  clock_.Advance(absl::Minutes(16));  // the window passes, and its count with it
  EXPECT_TRUE(operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.0.1.1").ok());
  EXPECT_EQ(kv_.Run({"EXISTS", "gateway:failures:addr:ipv4:10.0.1.1"})->integer, 0);

  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(absl::IsUnauthenticated(
        operators_.SignIn(absl::StrCat("guess", i), "x", "ipv4:10.9.9.9").status()));
  }
  EXPECT_EQ(operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.9.9.9").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(operators_.SignIn("siti", "kebumen-beriman-2026", "ipv4:10.0.2.1").ok());
}

class SessionsTest : public ::testing::Test {
 protected:
  SessionsTest() : kv_(&clock_), sessions_(&kv_, &clock_, &random_) {}
  testing::FakeClock clock_;
  testing::FakeKvStore kv_;
  testing::FakeRandom random_;
  Sessions sessions_;
};

TEST_F(SessionsTest, EndsWhenIdleOrOldOrSignedOut) {
  absl::StatusOr<Session> s = sessions_.Start("operators/siti");
  ASSERT_TRUE(s.ok());
  EXPECT_GE(s->id.size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(sessions_.Use(s->id)->operator_name, "operators/siti");
  // Redis holds only the id's hash.
  EXPECT_TRUE(kv_.Run({"EXISTS", absl::StrCat("gateway:session:", s->id)})->integer == 0);

  clock_.Advance(absl::Minutes(31));  // idle
  EXPECT_TRUE(absl::IsUnauthenticated(sessions_.Use(s->id).status()));

  absl::StatusOr<Session> busy = sessions_.Start("operators/siti");
  for (int i = 0; i < 35; ++i) {  // used every 20 minutes, for 11 h 40 min
    clock_.Advance(absl::Minutes(20));
    ASSERT_TRUE(sessions_.Use(busy->id).ok()) << i;
  }
  clock_.Advance(absl::Minutes(20));  // past 12 hours since sign-in
  EXPECT_TRUE(absl::IsUnauthenticated(sessions_.Use(busy->id).status()));

  absl::StatusOr<Session> ended = sessions_.Start("operators/siti");
  ASSERT_TRUE(sessions_.End(ended->id).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(sessions_.Use(ended->id).status()));
}

}  // namespace
}  // namespace ams::gateway
