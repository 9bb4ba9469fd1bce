#include "tests/support/infrastructure.h"

#include <fcntl.h>
#include <librdkafka/rdkafkacpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka_event_bus.h"
#include "common/redis_kv_store.h"

extern char** environ;

namespace ams::testing {
namespace {

void Fail(const std::string& what) {
  std::fprintf(stderr, "test infrastructure: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Fail("no free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            const std::vector<std::string>& env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data()) != 0) {
    Fail(absl::StrCat("cannot start ", argv[0]));
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return pid;
}

int RunToCompletion(const std::vector<std::string>& argv, const std::string& log_path) {
  pid_t pid = Spawn(argv, log_path);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

void Terminate(pid_t pid, absl::Duration grace) {
  if (pid <= 0) return;
  kill(-pid, SIGTERM);
  absl::Time deadline = absl::Now() + grace;
  int status;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(-pid, SIGKILL);  // anything left in the group (e.g. java under a shell)
}

bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

Infrastructure& Infrastructure::Get() {
  static Infrastructure* infra = [] {
    auto* i = new Infrastructure();
    i->Start();
    std::atexit([] { Get().Stop(); });
    return i;
  }();
  return *infra;
}

void Infrastructure::StartRedis() {
  redis_pid_ =
      Spawn({"redis-server", "--bind", "127.0.0.1", "--port", absl::StrCat(redis_port_), "--dir",
             temp_dir_, "--appendonly", "yes", "--save", "", "--protected-mode", "no"},
            temp_dir_ + "/redis.log");
  RedisOptions options;
  options.address = redis_address_;
  options.pool_size = 1;
  if (!WaitFor([&] { return RedisKvStore::Create(options).ok(); }, absl::Seconds(20))) {
    Fail("redis-server did not answer; see " + temp_dir_ + "/redis.log");
  }
}

void Infrastructure::Start() {
  char pattern[] = "/tmp/ams-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) Fail("mkdtemp");
  temp_dir_ = pattern;
  const char* brokers = std::getenv("AMSTEST_KAFKA_BROKERS");
  const char* redis = std::getenv("AMSTEST_REDIS_ADDR");
  if (redis != nullptr) {
    redis_address_ = redis;
  } else {
    redis_port_ = FreePort();
    redis_address_ = absl::StrCat("127.0.0.1:", redis_port_);
    StartRedis();
  }
  if (brokers != nullptr) {
    kafka_brokers_ = brokers;
  } else {
    int port = FreePort(), controller = FreePort();
    kafka_brokers_ = absl::StrCat("127.0.0.1:", port);
    kafka_pid_ = Spawn({std::string(AMS_SOURCE_DIR) + "/deploy/kafka/run-broker.sh",
                        temp_dir_ + "/kafka", absl::StrCat(port), absl::StrCat(controller)},
                       temp_dir_ + "/kafka.log");
  }
  KafkaOptions options;
  options.brokers = kafka_brokers_;
  absl::Status topics;
  if (!WaitFor([&] { return (topics = EnsureTopics(options, ProvisionedTopics(), 3, 1)).ok(); },
               absl::Seconds(90))) {
    Fail(absl::StrCat("Kafka did not come up: ", topics.ToString(), "; see ", temp_dir_,
                      "/kafka.log"));
  }
}

void Infrastructure::RestartRedis() {
  if (redis_pid_ <= 0) return;  // an outside Redis is not ours to restart
  Terminate(redis_pid_);
  StartRedis();
}

void Infrastructure::StartMail() {
  int smtp = FreePort();
  mail_api_port_ = FreePort();
  std::string dir = std::string(AMS_SOURCE_DIR) + "/deploy/maildev";
  if (RunToCompletion({dir + "/install.sh"}, temp_dir_ + "/maildev-install.log") != 0) {
    Fail("maildev could not be installed; see " + temp_dir_ + "/maildev-install.log");
  }
  mail_pid_ = Spawn({dir + "/node_modules/.bin/maildev", "--ip", "127.0.0.1", "--smtp",
                     absl::StrCat(smtp), "--web", absl::StrCat(mail_api_port_), "--silent"},
                    temp_dir_ + "/maildev.log");
  smtp_url_ = absl::StrCat("smtp://127.0.0.1:", smtp);
  if (!WaitFor([] { return MailJson().rfind("[", 0) == 0; }, absl::Seconds(30))) {
    Fail("maildev did not answer; see " + temp_dir_ + "/maildev.log");
  }
}

const std::string& Infrastructure::smtp_url() {
  if (mail_pid_ <= 0) StartMail();
  return smtp_url_;
}

int Infrastructure::mail_api_port() {
  if (mail_pid_ <= 0) StartMail();
  return mail_api_port_;
}

std::string MailJson() {
  return HttpGet(
      absl::StrCat("http://127.0.0.1:", Infrastructure::Get().mail_api_port(), "/email"));
}

void Infrastructure::Stop() {
  Terminate(mail_pid_);
  Terminate(kafka_pid_);
  Terminate(redis_pid_);
  kafka_pid_ = redis_pid_ = mail_pid_ = -1;
  if (std::getenv("AMSTEST_KEEP_DATA") == nullptr && !temp_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
  }
}

std::vector<ConsumedRecord> ReadTopic(const std::string& topic, size_t at_least,
                                      absl::Duration timeout) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", Infrastructure::Get().kafka_brokers(), error);
  conf->set("group.id", "test-reader", error);  // required by the API; never committed
  conf->set("enable.auto.commit", "false", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  std::vector<RdKafka::TopicPartition*> partitions;
  for (int p = 0; p < 3; ++p) {
    partitions.push_back(
        RdKafka::TopicPartition::create(topic, p, RdKafka::Topic::OFFSET_BEGINNING));
  }
  consumer->assign(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  std::vector<ConsumedRecord> records;
  absl::Time deadline = absl::Now() + timeout;
  // Reads until it has `at_least` and the topic stays quiet for a moment.
  absl::Time quiet_until = absl::Now() + absl::Milliseconds(500);
  while (absl::Now() < deadline && (records.size() < at_least || absl::Now() < quiet_until)) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(100));
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    ConsumedRecord r = ToConsumedRecord(*m);
    records.push_back(std::move(r));
    quiet_until = absl::Now() + absl::Milliseconds(500);
  }
  consumer->close();
  return records;
}

std::string HeaderOf(const ConsumedRecord& record, const std::string& name) {
  for (const auto& [k, v] : record.headers) {
    if (k == name) return v;
  }
  return "";
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ams::testing
