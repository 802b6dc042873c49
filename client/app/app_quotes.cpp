// The app's quote actions: the quote's computed state (cached until the data changes), its moves
// and lines priced from the price lists, as the signed-in user. Rules live in the core
// (sales/quote_flow.h, sales/quote_totals.h); replica/quote_edit.h reads and writes.
#include "app/app.h"
#include "model/entity_rules.h"

namespace crm {

Result<QuoteState> App::quote(const std::string& id, CalendarDate today) {
  QuoteCache& c = quote_cache_;
  if (!c.state || c.version != data_version_ || c.id != id || c.role != session_.role || c.today != today) {
    c.state = read_quote(*replica_, id, Actor{session_.username, session_.role}, today);
    c.version = data_version_, c.id = id, c.role = session_.role, c.today = today;
  }
  return *c.state;
}

Result<RecordState> App::move_quote(const std::string& id, const std::string& to, CalendarDate today,
                                    const std::string& comment) {
  auto moved = crm::move_quote(*replica_, id, to, Actor{session_.username, session_.role}, today, comment);
  if (!moved) (void)views_.load(replica_->store());  // a failed step rolled back what the views saw
  else after_local_change();
  return moved;
}

Result<RecordState> App::add_quote_line(const std::string& id, const std::string& product_id,
                                        const std::string& quantity, CalendarDate today) {
  auto added = crm::add_quote_line(*replica_, id, product_id, quantity, Actor{session_.username, session_.role}, today);
  if (!added) (void)views_.load(replica_->store());
  else after_local_change();
  return added;
}

void App::revise_sent_quote(const std::string& entity, const std::string& id, const FieldValues& draft) {
  std::string quote_id;
  if (entity == "quote") quote_id = id;
  else if (entity == "quote_line" && value_of(draft, "quote_id").is_string())
    quote_id = value_of(draft, "quote_id").get<std::string>();
  if (quote_id.empty()) return;
  const CalendarDate today = local_date(clock_.now_ms(), 0);  // the revision's date does not matter here
  auto revised = prepare_quote_edit(*replica_, quote_id, Actor{session_.username, session_.role}, today);
  if (revised && revised.value()) after_local_change();
}

}  // namespace crm
