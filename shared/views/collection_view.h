// CollectionView: payment collection (sales/collection.h) over every contract, instalment,
// receipt and invoice the device holds, as a computed view (views/view.h): loaded once, then kept
// current record by record from the replica's changes (a new receipt moves only its instalment's
// share of the sums). The collection screen, the contract's payment plan and the customer's 360
// sections draw from it.
#pragma once

#include "sales/collection.h"
#include "views/view.h"

namespace crm {

class CollectionView : public View {
 public:
  Status load(RecordStore& store) override;
  void on_change(const RecordState& state) override;
  // The user's local date (what is overdue); the app sets it before reading.
  void set_today(CalendarDate today);
  sales::CollectionBook& book() { return book_; }

 private:
  // Feeds one stored state to the book; false for an entity it does not hold.
  bool put(const RecordState& state);
  sales::CollectionBook book_;
};

}  // namespace crm
