// Real infrastructure for integration tests: a redis-server (AOF on) and a single-node
// Apache Kafka broker (KRaft), each started by this fixture on free loopback ports with
// its data in a temporary folder, and stopped at the end. Set AMSTEST_KAFKA_BROKERS and
// AMSTEST_REDIS_ADDR to use ones already running instead.
#ifndef AMS_TESTS_SUPPORT_INFRASTRUCTURE_H_
#define AMS_TESTS_SUPPORT_INFRASTRUCTURE_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/event_bus.h"
#include "tests/support/http_client.h"

namespace ams::testing {

class Infrastructure {
 public:
  // Starts what is needed (once per test binary) and creates the pipeline's topics.
  static Infrastructure& Get();

  const std::string& kafka_brokers() const { return kafka_brokers_; }
  const std::string& redis_address() const { return redis_address_; }
  const std::string& temp_dir() const { return temp_dir_; }

  // A real SMTP server (maildev, from npm) whose received mail tests read back over HTTP;
  // started on first use.
  const std::string& smtp_url();
  int mail_api_port();

  // Stops redis-server and starts it again on the same port and data (AOF) folder.
  void RestartRedis();
  void Stop();

 private:
  Infrastructure() = default;
  void Start();
  void StartRedis();
  void StartMail();

  std::string temp_dir_;
  std::string kafka_brokers_, redis_address_;
  int redis_port_ = 0;
  pid_t redis_pid_ = -1, kafka_pid_ = -1, mail_pid_ = -1;
  std::string smtp_url_;
  int mail_api_port_ = 0;
};

// A free TCP port on loopback (bound, read, released).
int FreePort();
// Starts `argv` in its own process group, with stdout and stderr appended to `log_path`,
// with `env` ("KEY=VALUE") added to this process's environment.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            const std::vector<std::string>& env = {});
// Runs `argv` to completion and returns its exit status (as waitpid gives it).
int RunToCompletion(const std::vector<std::string>& argv, const std::string& log_path);
// SIGTERM to the process group, then SIGKILL after `grace`.
void Terminate(pid_t pid, absl::Duration grace = absl::Seconds(10));

// Polls `condition` until it holds or `timeout` passes; returns whether it held.
bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout = absl::Seconds(30));

// Every record of `topic` from the beginning, read without a consumer group, waiting up to
// `timeout` until at least `at_least` records are there.
std::vector<ConsumedRecord> ReadTopic(const std::string& topic, size_t at_least,
                                      absl::Duration timeout = absl::Seconds(20));

// The mail maildev received so far: its JSON list (see maildev's REST API, GET /email).
std::string MailJson();

// The whole of a file ("" when it cannot be read): a log a test shows when it fails.
std::string ReadWholeFile(const std::string& path);

// The value of a header, or "" when absent.
std::string HeaderOf(const ConsumedRecord& record, const std::string& name);

}  // namespace ams::testing

#endif  // AMS_TESTS_SUPPORT_INFRASTRUCTURE_H_
