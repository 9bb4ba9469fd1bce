#include "tests/support/service_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "re2/re2.h"
#include "tests/support/infrastructure.h"

namespace ams::testing {

std::string ApiKeysSetting(const std::vector<std::pair<std::string, std::string>>& grants) {
  std::string keys;
  for (const auto& [key, principal] : grants) {
    absl::StrAppend(&keys, keys.empty() ? "" : ";", Sha256Hex(key), " ", principal);
  }
  return absl::StrCat("AMS_API_KEYS=", keys);
}

const TestCa& LetterCa() {
  static const TestCa* ca = new TestCa("Root CA Uji Coba AMS");
  return *ca;
}

namespace {
std::string TrustStoreFile() {
  static const std::string* path = [] {
    auto* p = new std::string(absl::StrCat(Infrastructure::Get().temp_dir(), "/trust.pem"));
    std::ofstream(*p) << LetterCa().pem();
    return p;
  }();
  return *path;
}
}  // namespace

std::unique_ptr<ServiceProcess> ServiceProcess::Start(const std::string& name,
                                                      const std::vector<std::string>& env) {
  std::unique_ptr<ServiceProcess> p = StartOne(name, env);
  const char* replicas = std::getenv("AMSTEST_REPLICAS");
  if (name != "gateway" && (replicas == nullptr || std::string(replicas) != "1")) {
    p->twin_ = StartOne(name, env);
  }
  return p;
}

std::unique_ptr<ServiceProcess> ServiceProcess::StartOne(const std::string& name,
                                                         const std::vector<std::string>& env) {
  Infrastructure& infra = Infrastructure::Get();
  std::unique_ptr<ServiceProcess> p(new ServiceProcess());
  static int started = 0;
  p->log_ = absl::StrCat(infra.temp_dir(), "/", name, "-", ++started, ".log");
  std::vector<std::string> all = {
      absl::StrCat("AMS_KAFKA_BROKERS=", infra.kafka_brokers()),
      absl::StrCat("AMS_REDIS_ADDR=", infra.redis_address()),
      "AMS_GRPC_ADDR=127.0.0.1:0",
      "AMS_METRICS_ADDR=127.0.0.1:0",
      "AMS_OUTBOX_POLL_INTERVAL=100ms",
      "AMS_SHUTDOWN_GRACE=2s",
  };
  // The services that check PDFs.
  if (name == "intake" || name == "enrollment") {
    all.push_back(absl::StrCat("AMS_TRUST_STORE_FILE=", TrustStoreFile()));
  }
  // The services that mail.
  if (name != "verification" && name != "audit" && name != "gateway") {
    all.push_back(absl::StrCat("AMS_MAIL_SEAL_KEY=", std::string(64, 'e')));
  }
  all.insert(all.end(), env.begin(), env.end());
  p->pid_ = Spawn({absl::StrCat(AMS_BINARY_DIR, "/services/", name, "/ams-", name)}, p->log_, all);
  const std::string pattern = absl::StrCat("ams-", name, R"( grpc=(\d+) metrics=(\d+))");
  bool up = WaitFor([&] {
    return RE2::PartialMatch(ReadWholeFile(p->log_), pattern, &p->grpc_port_, &p->metrics_port_);
  });
  if (!up) {
    std::fprintf(stderr, "ams-%s did not start; see %s\n", name.c_str(), p->log_.c_str());
    std::exit(1);
  }
  return p;
}

ServiceProcess::~ServiceProcess() { Stop(); }

std::string ServiceProcess::address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

void ServiceProcess::Stop() {
  if (pid_ > 0) Terminate(pid_);
  pid_ = -1;
  twin_.reset();
}

void ServiceProcess::Kill() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

SuiteServices::SuiteServices(std::string api_keys_setting)
    : shared_({std::move(api_keys_setting),
               absl::StrCat("AMS_SMTP_URL=", Infrastructure::Get().smtp_url())}) {}

ServiceProcess* SuiteServices::operator()(const std::string& name,
                                          std::vector<std::string> env) const {
  env.insert(env.end(), shared_.begin(), shared_.end());
  return ServiceProcess::Start(name, env).release();
}

}  // namespace ams::testing
