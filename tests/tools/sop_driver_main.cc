// ams-sop-driver: plays every person of SOP steps 1-8 at machine speed for many applications
// at once against a running stack (`make run`): the agency submits, the Diskominfo operator
// forwards, the BSrE operator registers, the applicant reads the activation mail and
// completes the form, the verifier approves, the applicant reads the password mail, logs in
// and changes the password. Runs start at a steady rate; each run's time is
// measured from when it was due to start, so a stack that falls behind shows in the figures.
// Prints runs/s and p50/p99 per step and per run, and writes them as JSON (--out). With
// --logins, the applicants then log in again with their new passwords, many at once, for the
// login throughput alone. With --check_mail it then counts the mail every application got
// (the chaos run's checks, deploy/chaos.sh); with --dlq_brokers, what is on the dead-letter
// topic.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "ams/audit/v1/audit_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "librdkafka/rdkafkacpp.h"
#include "nlohmann/json.hpp"
#include "tests/support/sop_actors.h"

ABSL_FLAG(int, runs, 1000, "applications to take through the SOP");
ABSL_FLAG(int, last_step, 8, "the SOP step a run ends with: 5 (approved) or 8 (activated)");
ABSL_FLAG(double, rate, 50, "runs started per second");
ABSL_FLAG(int, concurrency, 200, "runs in flight at most (one thread each)");
ABSL_FLAG(std::string, intake, "127.0.0.1:7101", "intake gRPC address");
ABSL_FLAG(std::string, forwarding, "127.0.0.1:7102", "forwarding gRPC address");
ABSL_FLAG(std::string, enrollment, "127.0.0.1:7103", "enrollment gRPC address");
ABSL_FLAG(std::string, verification, "127.0.0.1:7104", "verification gRPC address");
ABSL_FLAG(std::string, credential, "127.0.0.1:7105", "credential gRPC address");
ABSL_FLAG(std::string, mail_api, "http://127.0.0.1:1080", "maildev's REST API");
ABSL_FLAG(std::string, agency_key, "dev-key-dinkes", "the agency's API key");
ABSL_FLAG(std::string, diskominfo_key, "dev-key-diskominfo-operator", "Diskominfo operator's key");
ABSL_FLAG(std::string, bsre_key, "dev-key-bsre-operator", "BSrE operator's key");
ABSL_FLAG(std::string, verifier_key, "dev-key-verifier", "verifier's key");
ABSL_FLAG(int, district, 0, "NIK district code 1-99 (0: random, so reruns do not collide)");
ABSL_FLAG(std::string, out, "", "where to write the JSON summary");
ABSL_FLAG(int, logins, 0, "logins to make after the runs, over the accounts they activated");
ABSL_FLAG(int, login_concurrency, 8, "logins in flight at most");
ABSL_FLAG(bool, check_mail, false,
          "after the runs, check that each application got one Message-ID, one token and one "
          "password per kind of mail (identical repeats counted); fail otherwise");
ABSL_FLAG(std::string, dlq_brokers, "",
          "if set, count the records on ams.dlq.v1 there; fail if any");
ABSL_FLAG(std::string, audit, "",
          "if set, the audit service (host:port[,host:port…]) whose ledger must verify");
ABSL_FLAG(std::string, auditor_key, "dev-key-auditor", "the auditor's API key");

namespace {

constexpr const char* kSteps[] = {"1 submit",        "2 forward",    "3 register",
                                  "4 link mail",     "4 activation", "5 approve",
                                  "6 password mail", "7 login",      "8 change password"};
constexpr int kStepCount = 9;

struct Run {
  bool ok = false;
  std::string error;
  double step_ms[kStepCount] = {};
  double total_ms = 0;
  std::string application;
  std::string username, password;  // once activated
};

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

Run PlayOne(ams::testing::SopActors& actors, ams::testing::Mailbox& mailbox, int district,
            int64_t index, absl::Time due, int last_step) {
  Run run;
  absl::Time t = absl::Now();
  auto lap = [&](int step) {
    absl::Time now = absl::Now();
    run.step_ms[step] = Ms(now - t);
    t = now;
  };
  auto finish = [&] {
    run.total_ms = Ms(absl::Now() - due);
    run.ok = true;
    return run;
  };
  auto fail = [&](const char* step, const absl::Status& s) {
    run.error = absl::StrCat(step, ": ", s.ToString());
    return run;
  };
  const auto request = ams::testing::ApplicantRequest(district, index);
  absl::StatusOr<std::string> application = actors.Submit(request);
  if (!application.ok()) return fail(kSteps[0], application.status());
  run.application = *application;
  lap(0);
  if (absl::Status s = actors.Forward(*application); !s.ok()) return fail(kSteps[1], s);
  lap(1);
  absl::StatusOr<ams::enrollment::v1::Identity> identity = actors.Register(*application);
  if (!identity.ok()) return fail(kSteps[2], identity.status());
  lap(2);
  const std::string& mailbox_address = request.applicant().official_email();
  absl::StatusOr<std::string> token =
      mailbox.AwaitActivationToken(mailbox_address, absl::Seconds(60));
  if (!token.ok()) return fail(kSteps[3], token.status());
  lap(3);
  if (absl::Status s = actors.SubmitActivation(*token); !s.ok()) return fail(kSteps[4], s);
  lap(4);
  if (absl::Status s = actors.Approve(*application); !s.ok()) return fail(kSteps[5], s);
  lap(5);
  if (last_step < 8) return finish();
  absl::StatusOr<std::string> password =
      mailbox.AwaitInitialPassword(mailbox_address, absl::Seconds(60));
  if (!password.ok()) return fail(kSteps[6], password.status());
  lap(6);
  auto login = actors.Login(identity->username(), *password);
  if (!login.ok()) return fail(kSteps[7], login.status());
  lap(7);
  const std::string fresh = absl::StrCat("Gunung-Merapi#", index, "x");
  if (absl::Status s = actors.ChangePassword(login->session().token(), *password, fresh); !s.ok()) {
    return fail(kSteps[8], s);
  }
  lap(8);
  run.username = identity->username();
  run.password = fresh;
  return finish();
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

// `count` logins as fast as `concurrency` applicants can make them, round robin over the
// activated accounts of `runs`.
nlohmann::json PlayLogins(ams::testing::SopActors& actors, const std::vector<Run>& runs, int count,
                          int concurrency) {
  std::vector<const Run*> accounts;
  for (const Run& r : runs) {
    if (!r.username.empty()) accounts.push_back(&r);
  }
  if (accounts.empty() || count <= 0) return nullptr;
  std::vector<double> ms(count, -1);
  std::atomic<int> next{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < std::min(count, concurrency); ++w) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        const Run& a = *accounts[i % accounts.size()];
        const absl::Time t = absl::Now();
        if (actors.Login(a.username, a.password).ok()) ms[i] = Ms(absl::Now() - t);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> ok;
  for (double m : ms) {
    if (m >= 0) ok.push_back(m);
  }
  nlohmann::json out = {{"logins", count},
                        {"succeeded", ok.size()},
                        {"concurrency", concurrency},
                        {"logins_per_second", ok.size() / seconds},
                        {"p50_ms", Quantile(ok, 0.5)},
                        {"p99_ms", Quantile(ok, 0.99)}};
  std::printf("%d logins, %d in flight: %zu succeeded, %.1f logins/s, p50 %.1f ms, p99 %.1f ms\n",
              count, concurrency, ok.size(), ok.size() / seconds, Quantile(ok, 0.5),
              Quantile(ok, 0.99));
  return out;
}

// The mail every application got, by kind ("<kind.application.issue@domain>"): each kind the
// run went through once, under one Message-ID; the same Message-ID again must be the same mail
// (a crash between the server's acceptance and the sender's record repeats it; counted).
nlohmann::json CheckMail(const std::vector<Run>& runs, ams::testing::Mailbox& mailbox) {
  static constexpr const char* kKinds[] = {"bsre", "activation-link", "password"};
  // application id -> kind -> Message-ID -> the texts received under it
  std::map<std::string, std::map<std::string, std::map<std::string, std::vector<std::string>>>> got;
  // The mail to BSrE is nobody's next step: a sender that took over from a killed one (its
  // lease lapsed) may still be sending it. Wait for every owed mail, a minute at most.
  const absl::Time deadline = absl::Now() + absl::Minutes(1);
  for (bool complete = false; !complete && absl::Now() < deadline;) {
    got.clear();
    for (const auto& mail : mailbox.AllSeen()) {
      std::string id(absl::StripSuffix(absl::StripPrefix(mail.message_id, "<"), ">"));
      std::vector<std::string> parts = absl::StrSplit(id.substr(0, id.find('@')), '.');
      if (parts.size() != 3) continue;  // not the pipeline's
      got[parts[1]][parts[0]][mail.message_id].push_back(mail.text);
    }
    complete = true;
    for (const Run& r : runs) {
      const std::string id(absl::StripPrefix(r.application, "applications/"));
      for (const char* kind : kKinds) complete &= !r.ok || !got[id][kind].empty();
    }
    if (!complete) absl::SleepFor(absl::Seconds(1));
  }
  int64_t checked = 0, repeats = 0, problems = 0;
  std::map<std::string, int64_t> per_kind;
  for (const Run& r : runs) {
    if (!r.ok) continue;
    ++checked;
    const std::string id(absl::StripPrefix(r.application, "applications/"));
    for (const char* kind : kKinds) {
      const auto& ids = got[id][kind];
      per_kind[kind] += ids.size();
      if (ids.size() != 1) {
        ++problems;
        std::printf("  mail: %s got %zu %s mails\n", r.application.c_str(), ids.size(), kind);
      }
      for (const auto& [message_id, texts] : ids) {
        repeats += texts.size() - 1;
        if (std::set<std::string>(texts.begin(), texts.end()).size() > 1) {
          ++problems;
          std::printf("  mail: %s came with different contents\n", message_id.c_str());
        }
      }
    }
  }
  std::printf(
      "mail of %lld applications: bsre %lld, activation-link %lld, password %lld "
      "Message-IDs; %lld identical repeats; %lld problems\n",
      static_cast<long long>(checked), static_cast<long long>(per_kind["bsre"]),
      static_cast<long long>(per_kind["activation-link"]),
      static_cast<long long>(per_kind["password"]), static_cast<long long>(repeats),
      static_cast<long long>(problems));
  return {{"applications", checked},
          {"message_ids", per_kind},
          {"identical_repeats", repeats},
          {"problems", problems}};
}

// Records on the dead-letter topic (high minus low watermark of each partition), or -1.
int64_t DeadLettered(const std::string& brokers) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, error);
  conf->set("group.id", "ams-sop-driver-dlq", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) return -1;
  RdKafka::Metadata* metadata = nullptr;
  std::unique_ptr<RdKafka::Topic> topic(
      RdKafka::Topic::create(consumer.get(), "ams.dlq.v1", nullptr, error));
  if (consumer->metadata(false, topic.get(), &metadata, 10000) != RdKafka::ERR_NO_ERROR) return -1;
  int64_t total = 0;
  for (const auto* t : *metadata->topics()) {
    for (const auto* p : *t->partitions()) {
      int64_t low = 0, high = 0;
      if (consumer->query_watermark_offsets("ams.dlq.v1", p->id(), &low, &high, 10000) !=
          RdKafka::ERR_NO_ERROR) {
        total = -1;
        break;
      }
      total += high - low;
    }
  }
  delete metadata;
  consumer->close();
  return total;
}

// The audit ledger: every completed run's ten events in its timeline (waiting up to two
// minutes for the audit service to take in the last ones), none twice, and the whole chain
// verifying (VerifyLedger).
nlohmann::json CheckLedger(const std::vector<Run>& runs, const std::string& address,
                           const std::string& key) {
  static constexpr const char* kEvents[] = {
      "ams.intake.v1.ApplicationSubmitted",    "ams.forwarding.v1.ApplicationForwarded",
      "ams.enrollment.v1.IdentityRegistered",  "ams.enrollment.v1.ActivationLinkIssued",
      "ams.enrollment.v1.EnrollmentSubmitted", "ams.verification.v1.EnrollmentVerified",
      "ams.credential.v1.CredentialIssued",    "ams.credential.v1.LoginSucceeded",
      "ams.credential.v1.PasswordChanged",     "ams.credential.v1.AccountActivated"};
  auto stub = ams::audit::v1::AuditService::NewStub(ams::testing::RoundRobinChannel(address));
  auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", key));
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return ((*stub).*method)(&ctx, request, response);
  };
  const absl::Time deadline = absl::Now() + absl::Minutes(2);
  int64_t complete = 0, missing = 0, doubled = 0;
  for (const Run& r : runs) {
    if (!r.ok) continue;
    ams::audit::v1::GetTimelineRequest request;
    request.set_application(r.application);
    while (true) {
      ams::audit::v1::GetTimelineResponse timeline;
      grpc::Status s = call(&ams::audit::v1::AuditService::Stub::GetTimeline, request, &timeline);
      std::set<std::string> types, ids;
      int64_t twice = 0;
      for (const auto& e : timeline.ledger_entries()) {
        types.insert(e.event_type());
        twice += ids.insert(e.event_id()).second ? 0 : 1;
      }
      int64_t absent = 0;
      for (const char* type : kEvents) absent += types.count(type) ? 0 : 1;
      if (s.ok() && absent == 0) {
        ++complete;
        doubled += twice;
        break;
      }
      if (absl::Now() > deadline) {
        missing += absent;
        doubled += twice;
        std::printf("  ledger: %s lacks %lld of its events (%s)\n", r.application.c_str(),
                    static_cast<long long>(absent), s.error_message().c_str());
        break;
      }
      absl::SleepFor(absl::Milliseconds(500));
    }
  }
  ams::audit::v1::VerifyLedgerResponse verified;
  grpc::Status s = call(&ams::audit::v1::AuditService::Stub::VerifyLedger,
                        ams::audit::v1::VerifyLedgerRequest(), &verified);
  nlohmann::json out = {{"intact", s.ok() && verified.intact() && missing == 0 && doubled == 0},
                        {"chain_verifies", s.ok() && verified.intact()},
                        {"entries", verified.head_sequence()},
                        {"applications_complete", complete},
                        {"missing_events", missing},
                        {"doubled_entries", doubled},
                        {"detail", s.ok() ? verified.detail() : s.error_message()}};
  std::printf("audit ledger: %s\n", out.dump().c_str());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int runs = absl::GetFlag(FLAGS_runs);
  const double rate = absl::GetFlag(FLAGS_rate);
  int district = absl::GetFlag(FLAGS_district);
  const int last_step = absl::GetFlag(FLAGS_last_step);
  if (runs <= 0 || rate <= 0 || district < 0 || district > 99 ||
      (last_step != 5 && last_step != 8)) {
    std::fprintf(stderr,
                 "--runs and --rate must be positive, --district 0 to 99, --last_step 5 or 8\n");
    return 2;
  }
  if (district == 0) district = std::uniform_int_distribution<int>(1, 99)(*new std::random_device);
  ams::testing::SopActors actors(
      {absl::GetFlag(FLAGS_intake), absl::GetFlag(FLAGS_forwarding),
       absl::GetFlag(FLAGS_enrollment), absl::GetFlag(FLAGS_verification),
       absl::GetFlag(FLAGS_credential), absl::GetFlag(FLAGS_agency_key),
       absl::GetFlag(FLAGS_diskominfo_key), absl::GetFlag(FLAGS_bsre_key),
       absl::GetFlag(FLAGS_verifier_key), absl::Seconds(60)});
  ams::testing::Mailbox mailbox(absl::GetFlag(FLAGS_mail_api));

  std::vector<Run> results(runs);
  std::atomic<int> next{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < std::min(runs, absl::GetFlag(FLAGS_concurrency)); ++w) {
    threads.emplace_back([&] {
      for (int i = next++; i < runs; i = next++) {
        const absl::Time due = start + absl::Seconds(i / rate);
        absl::SleepFor(due - absl::Now());
        results[i] = PlayOne(actors, mailbox, district, i, due, last_step);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  std::vector<double> totals, steps[kStepCount];
  std::vector<std::string> errors;
  for (const Run& r : results) {
    if (!r.ok) {
      errors.push_back(r.error);
      continue;
    }
    totals.push_back(r.total_ms);
    for (int s = 0; s < kStepCount; ++s) steps[s].push_back(r.step_ms[s]);
  }
  nlohmann::json summary = {{"runs", runs},
                            {"completed", totals.size()},
                            {"failed", errors.size()},
                            {"asked_rate", rate},
                            {"runs_per_second", totals.size() / seconds},
                            {"run_p50_ms", Quantile(totals, 0.5)},
                            {"run_p99_ms", Quantile(totals, 0.99)}};
  std::printf("%d runs asked at %.0f/s: %zu completed in %.1f s (%.1f runs/s), %zu failed\n", runs,
              rate, totals.size(), seconds, totals.size() / seconds, errors.size());
  std::printf("  %-16s p50 %8.1f ms  p99 %8.1f ms  (from when the run was due)\n", "whole run",
              Quantile(totals, 0.5), Quantile(totals, 0.99));
  for (int s = 0; s < (last_step < 8 ? 6 : kStepCount); ++s) {
    const double p50 = Quantile(steps[s], 0.5), p99 = Quantile(steps[s], 0.99);
    std::printf("  %-16s p50 %8.1f ms  p99 %8.1f ms\n", kSteps[s], p50, p99);
    summary["steps"][kSteps[s]] = {{"p50_ms", p50}, {"p99_ms", p99}};
  }
  for (size_t i = 0; i < std::min<size_t>(errors.size(), 5); ++i) {
    std::printf("  failure: %s\n", errors[i].c_str());
  }
  if (absl::GetFlag(FLAGS_logins) > 0) {
    summary["login"] = PlayLogins(actors, results, absl::GetFlag(FLAGS_logins),
                                  absl::GetFlag(FLAGS_login_concurrency));
  }
  bool failed = !errors.empty();
  if (absl::GetFlag(FLAGS_check_mail)) {
    summary["mail"] = CheckMail(results, mailbox);
    failed |= summary["mail"]["problems"].get<int64_t>() > 0;
  }
  if (!absl::GetFlag(FLAGS_dlq_brokers).empty()) {
    const int64_t dead = DeadLettered(absl::GetFlag(FLAGS_dlq_brokers));
    std::printf("dead-letter topic: %lld records\n", static_cast<long long>(dead));
    summary["dead_lettered"] = dead;
    failed |= dead != 0;
  }
  if (!absl::GetFlag(FLAGS_audit).empty()) {
    summary["ledger"] =
        CheckLedger(results, absl::GetFlag(FLAGS_audit), absl::GetFlag(FLAGS_auditor_key));
    failed |= !summary["ledger"]["intact"].get<bool>();
  }
  if (!absl::GetFlag(FLAGS_out).empty()) std::ofstream(absl::GetFlag(FLAGS_out)) << summary.dump(2);
  return failed ? 1 : 0;
}
