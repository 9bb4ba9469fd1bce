// RETURN_IF_ERROR and ASSIGN_OR_RETURN, which Abseil 20220623 does not ship.
#ifndef AMS_COMMON_STATUS_MACROS_H_
#define AMS_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define AMS_STATUS_CONCAT_INNER_(a, b) a##b
#define AMS_STATUS_CONCAT_(a, b) AMS_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::absl::Status ams_status_ = (expr);       \
    if (!ams_status_.ok()) return ams_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from an absl::StatusOr, or returns its
// error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  AMS_ASSIGN_OR_RETURN_IMPL_(AMS_STATUS_CONCAT_(ams_statusor_, __LINE__), lhs, expr)

#define AMS_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) return statusor.status();         \
  lhs = std::move(*statusor)

#endif  // AMS_COMMON_STATUS_MACROS_H_
