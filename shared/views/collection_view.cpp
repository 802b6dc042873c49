#include "views/collection_view.h"

#include "replica/replica.h"

namespace crm {

namespace {
constexpr const char* kEntities[] = {"customer", "contract", "instalment", "receipt", "invoice"};
}

bool CollectionView::put(const RecordState& s) {
  const std::string& e = s.entity;
  if (e == "customer") {
    // Only the owner matters here: a customer's other edits do not disturb the sums.
    book_.put_customer(s.id, {{"owner", s.deleted() ? Json() : s.value("owner")}}, s.deleted());
    return true;
  }
  if (e != "contract" && e != "instalment" && e != "receipt" && e != "invoice") return false;
  const FieldValues v = s.deleted() ? FieldValues{} : Replica::visible_values(s);
  if (e == "contract") book_.put_contract(s.id, v, s.deleted());
  else if (e == "instalment") book_.put_instalment(s.id, v, s.deleted());
  else if (e == "receipt") book_.put_receipt(s.id, v, s.deleted());
  else book_.put_invoice(s.id, v, s.deleted());
  return true;
}

Status CollectionView::load(RecordStore& store) {
  book_ = sales::CollectionBook(book_.today());
  for (const char* entity : kEntities) {
    auto list = store.list(entity);
    if (!list) return list.error();
    for (const RecordState& s : list.value()) put(s);
  }
  changed();
  return ok_status();
}

void CollectionView::on_change(const RecordState& state) {
  if (put(state)) changed();
}

void CollectionView::set_today(CalendarDate today) {
  if (today == book_.today()) return;
  book_.set_today(today);
  changed();
}

}  // namespace crm
