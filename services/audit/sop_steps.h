// Which events start and end each of the SOP's eight steps, and each step's standard time
// (1, 3, 1, 3, 3, 1, 1, 1 minutes). Pure: the ledger applies an application's events in order
// and gets the steps that closed, with their start and end.
#ifndef AMS_SERVICES_AUDIT_SOP_STEPS_H_
#define AMS_SERVICES_AUDIT_SOP_STEPS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ams/type/v1/sop.pb.h"

namespace ams::audit {

using ::ams::type::v1::SopStep;

absl::Duration StandardTime(SopStep step);

// An application's steps under way: step -> when it started.
using OpenSteps = std::map<SopStep, absl::Time>;

struct ClosedStep {
  SopStep step;
  absl::Time start, end;
  absl::Duration duration() const { return end - start; }
};

// Applies one event (by its ce_type) at `time`: closes the steps it ends, returned in step
// order, and opens those it starts. Step 1 is timed only when it is done again after a
// return (the first submission has no earlier event); step 8 starts with the login that
// ends step 7, so later logins start nothing.
std::vector<ClosedStep> ApplyEvent(OpenSteps& open, const std::string& type, absl::Time time);

// When a step that started at `start` has run past its standard time times `factor`.
absl::Time BreachTime(SopStep step, absl::Time start, double factor);

}  // namespace ams::audit

#endif  // AMS_SERVICES_AUDIT_SOP_STEPS_H_
