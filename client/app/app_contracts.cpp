// The app's contracts, orders and payment collection (app.h): the collection view and the actions
// the contract and quote pages offer. Rules live in the core (sales/payment_plan.h,
// sales/sales_documents.h, sales/collection.h); this wires them to the device's replica.
#include "app/app.h"
#include "model/entity_rules.h"
#include "replica/sales_documents_apply.h"

namespace crm {

CollectionView* App::collection(int tz_offset_min) {
  if (!replica_) return nullptr;
  if (!collection_) {
    auto made = views_.add(std::make_unique<CollectionView>(), replica_->store());
    if (!made) return nullptr;
    collection_ = made.value();
  }
  collection_->set_today(local_date(clock_.now_ms(), tz_offset_min));
  return collection_;
}

namespace {
// After a failed multi-record write the views saw states the transaction rolled back.
template <class T>
T settled(T result, ViewSet& views, Replica& replica, uint64_t& data_version) {
  if (!result) {
    (void)views.load(replica.store());
    ++data_version;
  }
  return result;
}
}  // namespace

Result<std::string> App::make_contract(const std::string& quote_id) {
  if (!replica_) return make_error("not_signed_in", "no replica");
  auto id = settled(make_contract_from_quote(*replica_, quote_id), views_, *replica_, data_version_);
  if (id) after_local_change();
  return id;
}

Result<std::string> App::make_order(const std::string& source_entity, const std::string& source_id, int tz_offset_min) {
  if (!replica_) return make_error("not_signed_in", "no replica");
  auto id = settled(crm::make_order(*replica_, source_entity, source_id, local_date(clock_.now_ms(), tz_offset_min)),
                    views_, *replica_, data_version_);
  if (id) after_local_change();
  return id;
}

Status App::split_payment_plan(const std::string& contract_id, int n, const std::string& first_due) {
  if (!replica_) return make_error("not_signed_in", "no replica");
  auto due = parse_date(first_due);
  if (!due) return make_error(due.error().code, due.error().message, "first_due");
  auto done = settled(crm::split_payment_plan(*replica_, contract_id, n, due.value()), views_, *replica_, data_version_);
  if (done) after_local_change();
  return done;
}

Status App::activate_contract(const std::string& contract_id) {
  if (!replica_) return make_error("not_signed_in", "no replica");
  StoreLookup lookup(replica_->store());
  auto contract = lookup.values("contract", contract_id);
  if (!contract) return make_error("not_found", "no contract with id " + contract_id);
  auto amount = money_from_json(value_of(*contract, "amount"));
  if (!amount) return make_error("wrong_type", "amount: the contract has no amount", "amount");
  auto plan = sales::check_plan(amount.value(), lookup.children("instalment", contract_id));
  if (!plan) return plan.error();
  if (!plan->adds_up())
    return make_error("plan_mismatch", "instalments: the payment plan does not add up to the amount", "instalments");
  auto updated = replica_->update("contract", contract_id, {{"status", "active"}});
  if (!updated) return updated.error();
  after_local_change();
  return ok_status();
}

}  // namespace crm
