#include "common/versioned_record.h"

#include "absl/strings/str_cat.h"

namespace ams {

KvWrites VersionedWrite(const std::string& key, int64_t version_read,
                        std::vector<std::string> fields) {
  KvCommand hset = {"HSET", key};
  hset.insert(hset.end(), std::make_move_iterator(fields.begin()),
              std::make_move_iterator(fields.end()));
  hset.push_back("version");
  hset.push_back(absl::StrCat(version_read + 1));
  return {{std::move(hset)},
          {{key, "version", version_read == 0 ? "" : absl::StrCat(version_read)}}};
}

}  // namespace ams
