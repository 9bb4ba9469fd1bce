#include "services/gateway/operator_admin.h"

#include "common/testing/fake_clock.h"
#include "common/testing/fake_kv_store.h"
#include "common/testing/fake_random.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

using ams::type::v1::Role;
namespace pb = ams::gateway::v1;

class OperatorAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ =
        *operators_.Create("operators/admin", "Admin", {Role::ROLE_ADMIN}, "long-enough-password");
  }
  pb::CreateOperatorRequest NewOperator(const std::string& id, Role role,
                                        const std::string& agency = "") {
    pb::CreateOperatorRequest r;
    r.set_name("operators/" + id);
    r.set_display_name("Siti Rahmawati");
    r.add_roles(role);
    r.set_agency(agency);
    return r;
  }

  testing::FakeClock clock_;
  testing::FakeKvStore kv_{&clock_};
  testing::FakeRandom random_;
  PasswordHasher hasher_{{8, 1, 2}};
  Operators operators_{&kv_, &hasher_};
  Sessions sessions_{&kv_, &clock_, &random_};
  SecondFactor second_factor_{&kv_, &clock_, &random_, std::string(32, 's')};
  LiveUpdates live_{"test"};
  OperatorAdmin admin_desk_{&operators_, &sessions_, &second_factor_, &live_, &random_};
  pb::Operator admin_;
};

TEST_F(OperatorAdminTest, ANewOperatorsPasswordIsShownOnceAndSignsIn) {
  auto made = admin_desk_.Create(admin_, NewOperator("siti", Role::ROLE_DISKOMINFO_OP));
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_GE(made->initial_password().size(), 20u);
  EXPECT_TRUE(operators_.SignIn("siti", made->initial_password(), "10.0.0.1").ok());
  EXPECT_EQ(admin_desk_.Create(admin_, NewOperator("siti", Role::ROLE_VERIFIER)).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(admin_desk_.Create(admin_, NewOperator("ani", Role::ROLE_AGENCY)).status().code(),
            absl::StatusCode::kInvalidArgument);  // an agency's user needs the agency
  ASSERT_TRUE(
      admin_desk_.Create(admin_, NewOperator("ani", Role::ROLE_AGENCY, "agencies/dinkes")).ok());
  auto all = admin_desk_.List(admin_, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->operators_size(), 3);  // admin, ani, siti: by name
  EXPECT_EQ(all->operators(1).operator_().agency(), "agencies/dinkes");
  EXPECT_EQ(all->operators(2).operator_().name(), "operators/siti");
}

TEST_F(OperatorAdminTest, AResetPasswordEndsTheOperatorsSessions) {
  auto made = admin_desk_.Create(admin_, NewOperator("siti", Role::ROLE_DISKOMINFO_OP));
  ASSERT_TRUE(made.ok());
  absl::StatusOr<Session> session = sessions_.Start("operators/siti");
  ASSERT_TRUE(session.ok());
  pb::ResetOperatorPasswordRequest reset;
  reset.set_name("operators/siti");
  auto fresh = admin_desk_.ResetPassword(admin_, reset);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_NE(fresh->new_password(), made->initial_password());
  EXPECT_EQ(fresh->operator_().live_sessions(), 0);
  EXPECT_FALSE(sessions_.Use(session->id).ok());
  EXPECT_FALSE(operators_.SignIn("siti", made->initial_password(), "10.0.0.1").ok());
  EXPECT_TRUE(operators_.SignIn("siti", fresh->new_password(), "10.0.0.1").ok());
}

TEST_F(OperatorAdminTest, AnAdminCannotLockThemselvesOut) {
  pb::UpdateOperatorRequest update;
  update.set_name(admin_.name());
  update.set_display_name("Admin");
  update.add_roles(Role::ROLE_AUDITOR);
  EXPECT_EQ(admin_desk_.Update(admin_, update).status().code(),
            absl::StatusCode::kFailedPrecondition);
  pb::DeleteOperatorRequest del;
  del.set_name(admin_.name());
  EXPECT_EQ(admin_desk_.Delete(admin_, del).status().code(), absl::StatusCode::kFailedPrecondition);
  pb::ResetOperatorSecondFactorRequest reset;
  reset.set_name("admin");
  EXPECT_EQ(admin_desk_.ResetSecondFactor(admin_, reset).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(OperatorAdminTest, RolesChangeAndADeletedOperatorIsGone) {
  ASSERT_TRUE(admin_desk_.Create(admin_, NewOperator("siti", Role::ROLE_DISKOMINFO_OP)).ok());
  pb::UpdateOperatorRequest update;
  update.set_name("operators/siti");
  update.set_display_name("Siti R.");
  update.add_roles(Role::ROLE_DISKOMINFO_OP);
  update.add_roles(Role::ROLE_VERIFIER);
  auto updated = admin_desk_.Update(admin_, update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->operator_().roles_size(), 2);
  EXPECT_EQ(updated->operator_().display_name(), "Siti R.");
  update.set_agency("agencies/dinkes");  // only an agency's user has one
  EXPECT_EQ(admin_desk_.Update(admin_, update).status().code(), absl::StatusCode::kInvalidArgument);
  pb::DeleteOperatorRequest del;
  del.set_name("operators/siti");
  ASSERT_TRUE(admin_desk_.Delete(admin_, del).ok());
  EXPECT_EQ(operators_.Get("operators/siti").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(admin_desk_.List(admin_, {})->operators_size(), 1);
  EXPECT_EQ(admin_desk_.Delete(admin_, del).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ams::gateway
