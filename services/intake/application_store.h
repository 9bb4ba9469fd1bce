// Applications in Redis. Keys (all under "intake"):
//   intake:{<id>}:application   hash: proto, version, nik_fingerprint, request_hash
//   intake:nik:<fingerprint>    the application holding this NIK (one active per NIK)
//   intake:letter:<sha256>      the letter's bytes, content-addressed
//   intake:index                sorted set of every application by creation time (ms)
//   intake:account:<username>   the account's holder (ApplicantSummary), from credential's events
//   intake:{<agency>}:index     the same, per agency
// Each change to an application and the events it emits are one transaction (Outbox), and
// only applies if the application is still at the version it was read at.
#ifndef AMS_SERVICES_INTAKE_APPLICATION_STORE_H_
#define AMS_SERVICES_INTAKE_APPLICATION_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ams/intake/v1/intake_service.pb.h"
#include "common/clock.h"
#include "common/kv_store.h"
#include "common/outbox.h"
#include "common/request_ids.h"

namespace ams::intake {

using ams::intake::v1::Application;

struct StoredApplication {
  Application application;
  int64_t version = 0;
  std::string nik_fingerprint;
  std::string request_hash;
  // Hashes of the mutating requests applied, by request_id (retries answer from these).
  RequestHashes request_hashes;
};

struct ListQuery {
  std::string agency;                                                   // empty: every agency
  Application::State state = Application::STATE_UNSPECIFIED;            // unspecified: any
  absl::Time from = absl::InfinitePast(), to = absl::InfiniteFuture();  // [from, to)
  int page_size = 20;
  int64_t offset = 0;  // position in the index where the page starts
};

struct ListPage {
  std::vector<Application> applications;
  int64_t next_offset = -1;  // -1: no more
};

class ApplicationStore {
 public:
  ApplicationStore(KvStore* kv, Outbox* outbox, Clock* clock);

  absl::StatusOr<std::optional<StoredApplication>> Get(const std::string& id);

  // Stores the letter, then commits the application with its NIK claim, list entries and event.
  // ALREADY_EXISTS (APPLICATION_ACTIVE) when another active application holds the NIK;
  // ABORTED when `id` exists already (a retried request: read it and compare).
  absl::Status Create(const Application& application, const std::string& letter_pdf,
                      const std::string& nik_fingerprint, const std::string& request_hash,
                      const EventEnvelope& submitted);

  // Replaces `before` with `after` (version + 1) if nobody changed it meanwhile (ABORTED
  // otherwise), with its events and `extra` commands (an inbox mark, a request record) in
  // the same transaction. A letter given is stored first (content-addressed).
  absl::Status Update(const StoredApplication& before, const Application& after,
                      std::vector<EventEnvelope> events, KvWrites extra = {},
                      const std::string& new_letter_pdf = "");

  // The writes that let the NIK go once its application is no longer active: none when
  // another application holds it already, to commit with the change that ends it.
  absl::StatusOr<KvWrites> ReleaseNik(const StoredApplication& stored);

  absl::StatusOr<std::optional<std::string>> GetLetter(const std::string& sha256);
  absl::StatusOr<ListPage> List(const ListQuery& query);

  // Whose an account is, kept from credential's events (a data update must be its holder's).
  absl::Status PutAccountHolder(const std::string& username,
                                const ams::type::v1::ApplicantSummary& holder,
                                const KvWrites& inbox_mark);
  static KvCommand AccountHolderWrite(const std::string& username,
                                      const ams::type::v1::ApplicantSummary& holder);
  absl::StatusOr<std::optional<ams::type::v1::ApplicantSummary>> GetAccountHolder(
      const std::string& username);

  static std::string Key(const std::string& id);

 private:
  // Whether application `id` may take the NIK `holder` claims: ALREADY_EXISTS while the
  // holder is active (named only when it belongs to `agency`, the claimant's); ABORTED when
  // the holder is `id` itself, committed by a concurrent retry.
  absl::Status CheckNikFree(const std::string& holder, const std::string& id,
                            const std::string& agency);
  absl::Status PutLetter(const std::string& pdf);

  KvStore* kv_;
  Outbox* outbox_;
  Clock* clock_;
};

}  // namespace ams::intake

#endif  // AMS_SERVICES_INTAKE_APPLICATION_STORE_H_
