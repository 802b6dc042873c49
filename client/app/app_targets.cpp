// The app's targets and commission (app.h): the view, made on first use, and the question the
// screen asks of it.
#include "app/app.h"

namespace crm {

TargetView* App::targets() {
  if (targets_ || !replica_) return targets_;
  auto made = views_.add(std::make_unique<TargetView>(), replica_->store());
  if (!made) return nullptr;
  targets_ = made.value();
  return targets_;
}

TargetQuery App::target_query(sales::PeriodKind kind, int offset, bool everyone, int tz_offset_min) {
  TargetQuery q;
  q.period = sales::shift(sales::period_at(kind, clock_.now_ms(), tz_offset_min), offset);
  q.me = session_.username;
  q.role = session_.role;
  // A sales person's device holds only their own customers: "everyone" would be only them.
  q.everyone = everyone && session_.role != kRoleSales;
  return q;
}

}  // namespace crm
