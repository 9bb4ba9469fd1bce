#include "services/gateway/queue_page.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/rpc_status.h"
#include "google/protobuf/util/time_util.h"

namespace ams::gateway {
namespace {

namespace pb = ams::gateway::v1;
using google::protobuf::util::TimeUtil;

constexpr size_t kMaxQueryBytes = 100;

bool Matches(const pb::QueueItem& item, const std::string& query) {
  if (query.empty()) return true;
  const pb::Applicant& a = item.applicant();
  if (a.employee_number() == query) return true;
  // Names are matched without regard to ASCII case; the rest of UTF-8 as written.
  return absl::StrContains(absl::AsciiStrToLower(a.full_name()), absl::AsciiStrToLower(query));
}

}  // namespace

absl::Status ValidateListQueue(const pb::ListQueueRequest& r) {
  std::vector<FieldViolation> v;
  if (r.page_size() < 0 || r.page_size() > 100) v.push_back({"page_size", "must be 0 to 100"});
  if (r.page() < 0 || r.page() >= kMaxQueueItems) {
    v.push_back({"page", "must be 0 or more, below 1000"});
  }
  if (r.order_by() != "" && r.order_by() != "enter_time" && r.order_by() != "enter_time desc" &&
      r.order_by() != "full_name") {
    v.push_back({"order_by", "must be enter_time, \"enter_time desc\" or full_name"});
  }
  if (r.query().size() > kMaxQueryBytes) v.push_back({"query", "must be at most 100 bytes"});
  return v.empty() ? absl::OkStatus() : InvalidFields(v);
}

pb::ListQueueResponse PageOf(std::vector<pb::QueueItem> items, const pb::ListQueueRequest& r) {
  const std::string query(absl::StripAsciiWhitespace(r.query()));
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const pb::QueueItem& i) { return !Matches(i, query); }),
              items.end());
  auto by_time = [](const pb::QueueItem& a, const pb::QueueItem& b) {
    return TimeUtil::TimestampToNanoseconds(a.enter_time()) <
           TimeUtil::TimestampToNanoseconds(b.enter_time());
  };
  if (r.order_by() == "full_name") {
    std::stable_sort(items.begin(), items.end(),
                     [](const pb::QueueItem& a, const pb::QueueItem& b) {
                       return absl::AsciiStrToLower(a.applicant().full_name()) <
                              absl::AsciiStrToLower(b.applicant().full_name());
                     });
  } else if (r.order_by() == "enter_time desc") {
    std::stable_sort(items.rbegin(), items.rend(), by_time);
  } else {
    std::stable_sort(items.begin(), items.end(), by_time);
  }
  const size_t size = r.page_size() == 0 ? 20 : static_cast<size_t>(r.page_size());
  pb::ListQueueResponse out;
  out.set_total_size(static_cast<int>(items.size()));
  for (size_t i = static_cast<size_t>(r.page()) * size;
       i < items.size() && out.items_size() < static_cast<int>(size); ++i) {
    *out.add_items() = std::move(items[i]);
  }
  return out;
}

}  // namespace ams::gateway
