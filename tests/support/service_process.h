// A service binary run as its own process against the test infrastructure, the way
// `make run` runs it: on free ports, told where Kafka and Redis are through AMS_* settings.
#ifndef AMS_TESTS_SUPPORT_SERVICE_PROCESS_H_
#define AMS_TESTS_SUPPORT_SERVICE_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/testing/pdf_fixtures.h"

namespace ams::testing {

// The AMS_API_KEYS setting that lets each key of `grants` in as its principal
// ("ROLE subject [agency]"): the keys a test's callers present, stored hashed as in production.
std::string ApiKeysSetting(const std::vector<std::pair<std::string, std::string>>& grants);

// The CA whose root every service started here trusts (AMS_TRUST_STORE_FILE): letters signed
// through it check as trusted, self-signed ones as untrusted.
const TestCa& LetterCa();

class ServiceProcess {
 public:
  // Starts ams-<name> with `env` ("AMS_X=…") besides the infrastructure's addresses, and
  // waits until it serves. Fails the test binary if it does not start. A pipeline service
  // gets a twin, a second replica with the same settings (AMSTEST_REPLICAS=1 leaves it
  // out): it consumes, relays and mails beside the first, as replicas do in production, while
  // the test calls the first.
  static std::unique_ptr<ServiceProcess> Start(const std::string& name,
                                               const std::vector<std::string>& env);
  ~ServiceProcess();  // Stop()

  std::string address() const;  // 127.0.0.1:<grpc port>
  int metrics_port() const { return metrics_port_; }
  const std::string& log_path() const { return log_; }
  // SIGTERM and wait (graceful), the twin too; Kill(): SIGKILL of this replica, as a crash
  // (its twin goes on).
  void Stop();
  void Kill();

 private:
  ServiceProcess() = default;
  static std::unique_ptr<ServiceProcess> StartOne(const std::string& name,
                                                  const std::vector<std::string>& env);
  pid_t pid_ = -1;
  std::unique_ptr<ServiceProcess> twin_;
  int grpc_port_ = 0, metrics_port_ = 0;
  std::string log_;
};

// Starts the services of a test suite, each with the settings they all share (the suite's API
// keys setting and the test SMTP server) before its own. Returns the process for the suite's
// lifetime (its TearDownTestSuite deletes it).
class SuiteServices {
 public:
  explicit SuiteServices(std::string api_keys_setting);
  ServiceProcess* operator()(const std::string& name, std::vector<std::string> env) const;

 private:
  std::vector<std::string> shared_;
};

}  // namespace ams::testing

#endif  // AMS_TESTS_SUPPORT_SERVICE_PROCESS_H_
