#include "services/audit/audit_service.h"

#include <memory>

namespace ams::audit {
namespace {

class ExportReactor final : public grpc::ServerWriteReactor<pb::ExportLedgerResponse> {
 public:
  static constexpr size_t kQueued = 4;  // chunks read ahead of the writer

  ExportReactor(const grpc::CallbackServerContext& ctx, Audit* audit, const RpcEnvironment& env,
                WorkPool* pool, const pb::ExportLedgerRequest& request) {
    absl::StatusOr<Principal> caller = CallerOf(ctx, *env.keys);
    if (!caller.ok()) {
      absl::MutexLock lock(&mu_);
      done_ = caller.status();
      WriteNextLocked();
      return;
    }
    pool->Submit([this, audit, request, caller = *caller] {
      absl::Status s = audit->ExportLedger(caller, request, [this](std::string data) {
        absl::MutexLock lock(&mu_);
        auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return queue_.size() < kQueued || cancelled_;
        };
        mu_.Await(absl::Condition(&room));
        if (cancelled_) return absl::CancelledError("the reader went away");
        queue_.push_back(std::move(data));
        WriteNextLocked();
        return absl::OkStatus();
      });
      absl::MutexLock lock(&mu_);
      done_ = s;
      WriteNextLocked();
    });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) cancelled_ = true;
    WriteNextLocked();
  }
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    WriteNextLocked();
  }
  void OnDone() override {
    // The reading thread may still be on its way out: wait for it before going.
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
      auto finished = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return done_.has_value(); };
      mu_.Await(absl::Condition(&finished));
    }
    delete this;
  }

 private:
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || finished_) return;
    if (!queue_.empty() && !cancelled_) {
      response_.set_data(std::move(queue_.front()));
      queue_.pop_front();
      writing_ = true;
      StartWrite(&response_);
      return;
    }
    if (done_.has_value() && (queue_.empty() || cancelled_)) {
      finished_ = true;
      Finish(ToGrpcStatus(*done_));
    }
  }

  absl::Mutex mu_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mu_);
  pb::ExportLedgerResponse response_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> done_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerWriteReactor<pb::ExportLedgerResponse>* AuditServiceImpl::ExportLedger(
    grpc::CallbackServerContext* ctx, const pb::ExportLedgerRequest* request) {
  return new ExportReactor(*ctx, audit_, env_, export_pool_, *request);
}

}  // namespace ams::audit
