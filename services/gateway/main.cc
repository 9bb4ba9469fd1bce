// ams-gateway: the operators' dashboard and its API on one HTTP port (issue 12). This slice
// serves the built web app and the Connect API with deny-by-default method roles; operators'
// sign-in, the services' calls and live updates follow.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/grpc_server.h"
#include "common/logging.h"
#include "common/service_runtime.h"
#include "common/settings.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"

ABSL_FLAG(std::vector<std::string>, set, {},
          "AMS_* settings as KEY=VALUE, comma-separated, overriding the environment");

extern char** environ;

int main(int argc, char** argv) {
  ams::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<ams::Settings> settings = ams::Settings::Load(environ, absl::GetFlag(FLAGS_set));
  if (!settings.ok()) return ams::StartFailed(settings.status());
  ams::gateway::HttpServerOptions http;
  http.address = settings->String("AMS_GATEWAY_ADDR", "127.0.0.1:8080");
  http.workers = static_cast<int>(settings->Int("AMS_WORKER_THREADS", 8, 1, 256));
  const std::string web_root = settings->String("AMS_GATEWAY_WEB_ROOT", "web/dist");
  if (absl::Status valid = settings->Validate(); !valid.ok()) return ams::StartFailed(valid);

  ams::gateway::Gateway gateway(web_root);
  absl::StatusOr<std::unique_ptr<ams::gateway::HttpServer>> server =
      ams::gateway::HttpServer::Start(
          http, [&gateway](const ams::gateway::HttpRequest& r) { return gateway.Handle(r); });
  if (!server.ok()) return ams::StartFailed(server.status());
  // The line tests and make run wait for.
  std::printf("ams-gateway http=%d\n", (*server)->port());
  std::fflush(stdout);
  ams::LogInfo("gateway serving",
               {{"port", absl::StrCat((*server)->port())}, {"web_root", web_root}});
  ams::WaitForTerminationSignal();
  (*server)->Stop();
  return 0;
}
