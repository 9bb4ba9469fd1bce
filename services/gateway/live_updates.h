// Live updates for the open dashboards (Server-Sent Events on GET /events): the pipeline's
// events, as the gateway's Kafka listener hears them, become "this queue changed" messages,
// each sent only to the streams whose operator's roles work on that queue (auditors and
// admins see every queue). A screen then offers "N baru — muat" rather than moving rows
// under the operator's hand.
//
// Each message has an id "<epoch>-<sequence>": a browser reconnecting with Last-Event-ID is
// sent what it missed from the last 1,000 messages; when its id is from another gateway
// process (another replica, a restart) or too old, it gets `event: reset` and reloads. A
// comment line every 15 seconds keeps proxies from closing an idle stream.
#ifndef AMS_SERVICES_GATEWAY_LIVE_UPDATES_H_
#define AMS_SERVICES_GATEWAY_LIVE_UPDATES_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ams/type/v1/sop.pb.h"
#include "common/wakeable_loop.h"
#include "services/gateway/http_server.h"

namespace ams::gateway {

// The queues an event changes: "review" (step 2), "registration" (3), "verification" (5).
std::vector<std::string> QueuesChangedBy(const std::string& event_type);

struct LiveUpdateLimits {
  size_t remembered = 1000;   // messages kept for reconnecting browsers
  size_t max_streams = 1000;  // open streams, all operators together
  size_t per_operator = 10;   // open streams of one operator (tabs, devices)
};

class LiveUpdates {
 public:
  // Whether the session a stream was opened in is still live (not ended, not expired).
  using SessionAlive = std::function<bool(const std::string& session)>;

  // `epoch` tells this process's ids from another's (e.g. the start time and a random part).
  explicit LiveUpdates(
      std::string epoch, LiveUpdateLimits limits = {},
      SessionAlive alive = [](const std::string&) { return true; })
      : epoch_(std::move(epoch)), limits_(limits), alive_(std::move(alive)) {}

  // An event of the pipeline: `type` its ce_type, `application` "applications/{id}".
  void Publish(const std::string& type, const std::string& application);
  // A new stream for `operator_name` holding `roles`, in `session`; first what it missed after
  // `last_event_id` (or `event: reset`). RESOURCE_EXHAUSTED past the limits.
  absl::Status Open(std::shared_ptr<StreamWriter> writer, const std::string& operator_name,
                    const std::string& session, const std::vector<ams::type::v1::Role>& roles,
                    const std::string& last_event_id);
  // Closes the streams of a session that ended (signed out, ended from elsewhere).
  void EndSession(const std::string& session);
  // A comment to every stream; closes those whose session is no longer alive and forgets the
  // closed ones.
  void Heartbeat();
  // Heartbeat() every `every` on a thread of its own, until CloseAll().
  void StartHeartbeats(absl::Duration every);
  // Stops the heartbeats and forgets every stream (at shutdown, before the HTTP server stops).
  void CloseAll();
  ~LiveUpdates() { CloseAll(); }
  size_t open_streams() const;

 private:
  struct Message {
    uint64_t sequence;
    std::vector<std::string> queues;
    std::string text;  // the whole SSE message
  };
  struct Stream {
    std::shared_ptr<StreamWriter> writer;
    std::string operator_name;
    std::string session;
    std::vector<std::string> queues;  // what its operator sees
  };
  static bool Sees(const Stream& s, const Message& m);

  const std::string epoch_;
  const LiveUpdateLimits limits_;
  const SessionAlive alive_;
  mutable absl::Mutex mu_;
  uint64_t sequence_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Message> recent_ ABSL_GUARDED_BY(mu_);
  std::vector<Stream> streams_ ABSL_GUARDED_BY(mu_);
  WakeableLoop heartbeats_;
};

}  // namespace ams::gateway

#endif  // AMS_SERVICES_GATEWAY_LIVE_UPDATES_H_
