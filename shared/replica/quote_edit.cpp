#include "replica/quote_edit.h"

#include <algorithm>

#include "core/time_format.h"
#include "model/entity_rules.h"

namespace crm {
namespace {

struct Child {
  std::string id;
  FieldValues values;
};

Result<std::vector<Child>> children(RecordStore& store, const std::string& entity, const std::string& field,
                                    const std::string& parent_id) {
  auto all = store.list(entity);
  if (!all) return all.error();
  std::vector<Child> out;
  for (const auto& state : all.value())
    if (state.value(field) == parent_id) out.push_back({state.id, Replica::visible_values(state)});
  return out;
}

Result<std::optional<FieldValues>> live(RecordStore& store, const std::string& entity, const std::string& id) {
  auto found = store.get(entity, id);
  if (!found) return found.error();
  if (!found.value() || found.value()->deleted()) return std::optional<FieldValues>{};
  return std::optional<FieldValues>{Replica::visible_values(*found.value())};
}

std::string text(const FieldValues& v, const std::string& field) {
  const Json& j = value_of(v, field);
  return j.is_string() ? j.get<std::string>() : std::string();
}

int64_t integer(const FieldValues& v, const std::string& field, int64_t fallback) {
  const Json& j = value_of(v, field);
  return j.is_number_integer() ? j.get<int64_t>() : fallback;
}

std::vector<FieldValues> values_of(const std::vector<Child>& records) {
  std::vector<FieldValues> out;
  out.reserve(records.size());
  for (const Child& c : records) out.push_back(c.values);
  return out;
}

void oldest_first(std::vector<Child>& records) {
  std::sort(records.begin(), records.end(), [](const Child& a, const Child& b) {
    return std::pair(text(a.values, "at"), a.id) < std::pair(text(b.values, "at"), b.id);
  });
}

std::vector<FieldValues> line_values(const QuoteState& q) {
  std::vector<FieldValues> out;
  for (const auto& l : q.lines) out.push_back(l.values);
  return out;
}

// Keeps the current revision and moves the quote to draft with the next revision number.
Result<RecordState> new_revision(Replica& replica, const QuoteState& q, const Actor& actor) {
  const std::string at = iso8601_utc(replica.clock().now_ms());
  auto kept = replica.create("quote_revision", sales::revision_snapshot(q.id, q.quote, line_values(q), at, actor.username));
  if (!kept) return kept.error();
  return replica.update("quote", q.id, FieldValues{{"status", "draft"}, {"revision", q.facts.revision + 1}});
}

}  // namespace

Result<QuoteState> read_quote(Replica& replica, const std::string& quote_id, const Actor& actor, CalendarDate today) {
  RecordStore& store = replica.store();
  auto quote = live(store, "quote", quote_id);
  if (!quote) return quote.error();
  if (!quote.value()) return make_error("not_found", "no quote with id " + quote_id);
  QuoteState q;
  q.id = quote_id;
  q.quote = std::move(*quote.value());
  auto lines = children(store, "quote_line", "quote_id", quote_id);
  auto decisions = children(store, "quote_approval", "quote_id", quote_id);
  auto revisions = children(store, "quote_revision", "quote_id", quote_id);
  auto policies = store.list("quote_policy");
  if (!lines) return lines.error();
  if (!decisions) return decisions.error();
  if (!revisions) return revisions.error();
  if (!policies) return policies.error();
  std::sort(lines.value().begin(), lines.value().end(), [](const Child& a, const Child& b) {
    return std::pair(integer(a.values, "position", 0), a.id) < std::pair(integer(b.values, "position", 0), b.id);
  });
  oldest_first(decisions.value());
  oldest_first(revisions.value());
  const std::vector<FieldValues> line_list = values_of(lines.value());

  std::vector<FieldValues> products;
  for (const Child& l : lines.value()) {
    QuoteLineState line{l.id, l.values, {}, std::nullopt};
    const std::string product_id = text(l.values, "product_id");
    if (!product_id.empty()) {
      auto product = live(store, "product", product_id);
      if (!product) return product.error();
      if (product.value()) {
        line.below_minimum = sales::below_minimum(l.values, *product.value());
        products.push_back(std::move(*product.value()));
      }
    }
    q.lines.push_back(std::move(line));
  }
  auto totals = sales::quote_totals(q.quote, line_list);
  if (totals) {
    q.totals = totals->totals;
    for (size_t i = 0; i < q.lines.size(); ++i) q.lines[i].amounts = totals->lines[i];
  } else {
    q.totals_error = totals.error();
  }
  std::vector<FieldValues> policy_values;
  for (const auto& p : policies.value()) {
    FieldValues v = Replica::visible_values(p);
    v["id"] = p.id;
    policy_values.push_back(std::move(v));
  }
  q.policy = sales::quote_policy_for(policy_values, "");
  q.digest = sales::content_digest(q.quote, line_list);
  q.decisions = values_of(decisions.value());
  q.revisions = values_of(revisions.value());
  q.facts.status = text(q.quote, "status");
  if (q.facts.status.empty()) q.facts.status = "draft";
  q.facts.revision = integer(q.quote, "revision", 1);
  q.facts.role = actor.role;
  // A quote whose lines cannot be summed is not sent without a manager's look.
  q.facts.approval_needed = !totals || sales::approval_needed(q.totals, q.quote, q.policy);
  q.facts.approval = sales::approval_outcome(q.decisions, q.facts.revision, q.digest);
  q.status = sales::status_shown(q.facts);
  q.delivery = sales::delivery_date(today, products);
  return q;
}

Result<RecordState> move_quote(Replica& replica, const std::string& quote_id, const std::string& to,
                               const Actor& actor, CalendarDate today, const std::string& comment) {
  auto q = read_quote(replica, quote_id, actor, today);
  if (!q) return q.error();
  auto changes = sales::plan_quote_move(q->facts, to);
  if (!changes) return changes.error();
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  Result<RecordState> moved = make_error("not_found", "");
  if (changes->count("revision")) {
    moved = new_revision(replica, *q, actor);
  } else {
    if (to == "approved" || to == "rejected") {
      auto decided = replica.create(
          "quote_approval", sales::decision_record(quote_id, to == "approved", q->facts.revision, q->digest, comment,
                                                   iso8601_utc(replica.clock().now_ms()), actor.username));
      if (!decided) return decided.error();
    }
    moved = replica.update("quote", quote_id, *changes);
  }
  if (!moved) return moved.error();
  CRM_TRY(tx.value()->commit());
  return moved;
}

Result<bool> prepare_quote_edit(Replica& replica, const std::string& quote_id, const Actor& actor, CalendarDate today) {
  auto q = read_quote(replica, quote_id, actor, today);
  if (!q) return q.error();
  if (!sales::edit_makes_revision(q->facts.status)) return false;
  auto tx = Transaction::begin(replica.store().db());
  if (!tx) return tx.error();
  auto moved = new_revision(replica, *q, actor);
  if (!moved) return moved.error();
  CRM_TRY(tx.value()->commit());
  return true;
}

Result<RecordState> add_quote_line(Replica& replica, const std::string& quote_id, const std::string& product_id,
                                   const std::string& quantity, const Actor& actor, CalendarDate today) {
  RecordStore& store = replica.store();
  auto amount = parse_decimal(quantity, 3);
  if (!amount) return make_error("wrong_type", "quantity: a number like 2 or 1.5", "quantity");
  auto product = live(store, "product", product_id);
  if (!product) return product.error();
  if (!product.value()) return make_error("not_found", "no product with id " + product_id);
  auto q = read_quote(replica, quote_id, actor, today);
  if (!q) return q.error();
  std::string grade;
  if (auto customer = live(store, "customer", text(q->quote, "customer_id")); customer && customer.value())
    grade = text(*customer.value(), "grade");
  auto lists = store.list("price_list");
  if (!lists) return lists.error();
  std::vector<sales::PriceListEntry> entries;
  for (const auto& l : lists.value()) {
    auto items = children(store, "price_list_item", "price_list_id", l.id);
    if (!items) return items.error();
    entries.push_back({l.id, Replica::visible_values(l), values_of(items.value())});
  }
  auto quoted_on = parse_date(text(q->quote, "quoted_on"));
  std::string currency = text(q->quote, "currency");
  if (currency.empty()) currency = "CNY";
  auto price = sales::price_for(product_id, *product.value(), amount.value(), grade,
                                quoted_on ? quoted_on.value() : today, currency, entries,
                                text(q->quote, "price_list_id"));
  if (!price) return price.error();
  int64_t position = 0;
  for (const auto& l : q->lines) position = std::max(position, integer(l.values, "position", 0) + 1);
  FieldValues line{{"quote_id", quote_id},
                   {"product_id", product_id},
                   {"quantity", quantity},
                   {"unit_price", to_json(price->price)},
                   {"position", position}};
  if (const Json& tax = value_of(*product.value(), "tax_rate"); !tax.is_null()) line["tax_rate"] = tax;
  if (const std::string name = text(*product.value(), "name"); !name.empty()) line["description"] = name;
  auto tx = Transaction::begin(store.db());
  if (!tx) return tx.error();
  if (sales::edit_makes_revision(q->facts.status)) {
    auto moved = new_revision(replica, *q, actor);
    if (!moved) return moved.error();
  }
  auto added = replica.create("quote_line", line);
  if (!added) return added.error();
  CRM_TRY(tx.value()->commit());
  return added;
}

}  // namespace crm
