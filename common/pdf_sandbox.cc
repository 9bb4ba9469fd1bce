#include "common/pdf_sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/settings.h"

namespace ams {
namespace {

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

absl::Status Unavailable(absl::string_view what) {
  return absl::UnavailableError(
      absl::StrCat("the PDF check could not run: ", what, ": ", strerror(errno)));
}

// Sends `input` and reads the answer until the child closes its end or `deadline` passes;
// false on timeout.
bool Exchange(int fd, absl::string_view input, std::chrono::steady_clock::time_point deadline,
              std::string* output) {
  size_t sent = 0;
  char buf[4096];
  while (true) {
    const int remaining = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               deadline - std::chrono::steady_clock::now())
                                               .count());
    if (remaining <= 0) return false;
    pollfd p{fd, static_cast<short>(POLLIN | (sent < input.size() ? POLLOUT : 0)), 0};
    if (poll(&p, 1, remaining) < 0) {
      if (errno == EINTR) continue;
      return true;
    }
    if (p.revents & POLLIN) {
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n == 0) return true;  // the child is done (or dead)
      if (n > 0 && output->size() < 65536) output->append(buf, n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return true;
    } else if (p.revents & (POLLHUP | POLLERR)) {
      return true;
    }
    if (sent < input.size() && (p.revents & POLLOUT)) {
      const ssize_t n = send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += n;
      if (n < 0 && errno != EAGAIN && errno != EINTR) sent = input.size();  // child stopped reading
      if (sent == input.size()) shutdown(fd, SHUT_WR);
    }
  }
}

}  // namespace

std::string EncodePdfResult(const absl::StatusOr<PdfCheck>& result) {
  if (!result.ok())
    return absl::StrCat("invalid\n", absl::CEscape(result.status().message()), "\n");
  return absl::StrCat("ok\n", result->page_count, "\n", static_cast<int>(result->signature.outcome),
                      "\n", absl::CEscape(result->signature.signer), "\n",
                      absl::CEscape(result->signature.detail), "\n");
}

absl::StatusOr<PdfCheck> DecodePdfResult(absl::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  std::string message;
  if (lines.size() >= 2 && lines[0] == "invalid" && absl::CUnescape(lines[1], &message)) {
    return absl::InvalidArgumentError(message);
  }
  PdfCheck check;
  int outcome = 0;
  if (lines.size() < 5 || lines[0] != "ok" || !absl::SimpleAtoi(lines[1], &check.page_count) ||
      !absl::SimpleAtoi(lines[2], &outcome) || outcome < 0 ||
      outcome > static_cast<int>(PdfSignature::Outcome::kBroken) ||
      !absl::CUnescape(lines[3], &check.signature.signer) ||
      !absl::CUnescape(lines[4], &check.signature.detail)) {
    return absl::InvalidArgumentError("is not a readable PDF");
  }
  check.signature.outcome = static_cast<PdfSignature::Outcome>(outcome);
  return check;
}

PdfSandboxOptions ReadPdfSandboxOptions(Settings& settings) {
  std::string beside = "ams-pdf-check";
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) beside = std::string(self, n).substr(0, std::string(self, n).rfind('/') + 1) + beside;
  PdfSandboxOptions o;
  o.binary = settings.String("AMS_PDF_CHECK_BINARY",
                             access(beside.c_str(), X_OK) == 0 ? beside : AMS_PDF_CHECK_BUILD_PATH);
  o.trust_store_file = settings.String("AMS_TRUST_STORE_FILE", "");
  o.timeout = settings.Duration("AMS_PDF_CHECK_TIMEOUT", o.timeout, absl::Milliseconds(100),
                                absl::Minutes(1));
  o.memory_bytes = static_cast<uint64_t>(settings.Int("AMS_PDF_CHECK_MEMORY_MIB", 512, 64, 8192))
                   << 20;
  return o;
}

absl::StatusOr<std::unique_ptr<SandboxedPdfChecker>> SandboxedPdfChecker::Create(
    PdfSandboxOptions options) {
  if (access(options.binary.c_str(), X_OK) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the PDF checker ", options.binary, " is not an executable file"));
  }
  if (!options.trust_store_file.empty()) {
    absl::StatusOr<std::shared_ptr<const TrustStore>> trust =
        TrustStore::FromPemFile(options.trust_store_file);
    if (!trust.ok()) return trust.status();
  }
  return std::unique_ptr<SandboxedPdfChecker>(new SandboxedPdfChecker(std::move(options)));
}

absl::StatusOr<PdfCheck> SandboxedPdfChecker::Check(absl::string_view bytes,
                                                    size_t max_bytes) const {
  // Refused before any process starts: what needs no parsing.
  if (bytes.size() > max_bytes || bytes.empty()) return CheckPdf(bytes, max_bytes, nullptr);
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    return Unavailable("socketpair");
  Fd mine(pair[0]), theirs(pair[1]);
  fcntl(mine.get(), F_SETFL, O_NONBLOCK);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, theirs.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, theirs.get(), 1);
  // Nothing else of the service (its Redis and Kafka sockets) reaches the child.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<std::string> args = {options_.binary, absl::StrCat("--max_bytes=", max_bytes),
                                   absl::StrCat("--cpu_seconds=", options_.cpu_seconds),
                                   absl::StrCat("--memory_bytes=", options_.memory_bytes),
                                   absl::StrCat("--trust_store=", options_.trust_store_file)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, options_.binary.c_str(), &actions, nullptr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    errno = spawned;
    return Unavailable("posix_spawn");
  }
  theirs.Close();
  std::string output;
  const bool finished = Exchange(
      mine.get(), bytes,
      std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(options_.timeout), &output);
  // Killed in any case: a child that closed its end but lingers must not hold this thread.
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return absl::InvalidArgumentError(
        "is not a readable PDF: checking it took longer than the time allowed");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kCheckerBroken) {
    return absl::UnavailableError("the PDF checker cannot limit itself or read its trust store");
  }
  if (output.empty() || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
    // A crash, or the CPU or memory limit: the file is what made it so.
    return absl::InvalidArgumentError(
        "is not a readable PDF: checking it needed more than the time or memory allowed");
  }
  return DecodePdfResult(output);
}

}  // namespace ams
