#include "services/gateway/queue_page.h"

#include "common/rpc_status.h"
#include "gtest/gtest.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;

pb::QueueItem Item(const std::string& name, const std::string& nip, int64_t entered) {
  pb::QueueItem i;
  i.set_name("reviewItems/" + name);
  i.mutable_applicant()->set_full_name(name);
  i.mutable_applicant()->set_employee_number(nip);
  i.mutable_enter_time()->set_seconds(entered);
  return i;
}

std::vector<std::string> Names(const pb::ListQueueResponse& r) {
  std::vector<std::string> out;
  for (const pb::QueueItem& i : r.items()) out.push_back(i.applicant().full_name());
  return out;
}

const std::vector<pb::QueueItem> kQueue = {Item("Siti Aminah", "198501012010012001", 30),
                                           Item("budi Santoso", "199002022015031002", 10),
                                           Item("Ani Wijaya", "197712122005012003", 20)};

TEST(QueuePage, OldestFirstByDefaultAndOtherOrdersOnRequest) {
  pb::ListQueueRequest r;
  EXPECT_EQ(Names(PageOf(kQueue, r)),
            (std::vector<std::string>{"budi Santoso", "Ani Wijaya", "Siti Aminah"}));
  r.set_order_by("enter_time desc");
  EXPECT_EQ(Names(PageOf(kQueue, r)),
            (std::vector<std::string>{"Siti Aminah", "Ani Wijaya", "budi Santoso"}));
  r.set_order_by("full_name");
  EXPECT_EQ(Names(PageOf(kQueue, r)),
            (std::vector<std::string>{"Ani Wijaya", "budi Santoso", "Siti Aminah"}));
}

TEST(QueuePage, SearchesByPartOfTheNameOrTheWholeNip) {
  pb::ListQueueRequest r;
  r.set_query("  SANTOSO ");
  EXPECT_EQ(Names(PageOf(kQueue, r)), (std::vector<std::string>{"budi Santoso"}));
  r.set_query("197712122005012003");
  EXPECT_EQ(Names(PageOf(kQueue, r)), (std::vector<std::string>{"Ani Wijaya"}));
  r.set_query("1977");  // part of a NIP is not a search by NIP
  EXPECT_EQ(PageOf(kQueue, r).total_size(), 0);
}

TEST(QueuePage, PagesCountEveryMatch) {
  pb::ListQueueRequest r;
  r.set_page_size(2);
  r.set_page(1);
  pb::ListQueueResponse page = PageOf(kQueue, r);
  EXPECT_EQ(page.total_size(), 3);
  EXPECT_EQ(Names(page), (std::vector<std::string>{"Siti Aminah"}));
  r.set_page(5);
  EXPECT_EQ(PageOf(kQueue, r).items_size(), 0);
}

TEST(QueuePage, BadRequestsNameTheirField) {
  for (auto [field, set] : std::vector<std::pair<std::string, void (*)(pb::ListQueueRequest&)>>{
           {"page_size", [](pb::ListQueueRequest& r) { r.set_page_size(101); }},
           {"page", [](pb::ListQueueRequest& r) { r.set_page(-1); }},
           {"order_by", [](pb::ListQueueRequest& r) { r.set_order_by("nik"); }},
           {"query", [](pb::ListQueueRequest& r) { r.set_query(std::string(101, 'a')); }}}) {
    pb::ListQueueRequest r;
    set(r);
    absl::Status s = ValidateListQueue(r);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field;
    google::rpc::BadRequest bad;
    ASSERT_TRUE(GetBadRequest(s, &bad)) << field;
    EXPECT_EQ(bad.field_violations(0).field(), field);
  }
  EXPECT_TRUE(ValidateListQueue(pb::ListQueueRequest()).ok());
}

}  // namespace
}  // namespace ams::gateway
