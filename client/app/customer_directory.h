// The customer list as the app shows and searches it: every live customer's name, phone, city and
// position in memory, ordered by name, searchable also by its contacts' names, phones and e-mails.
// The first computed view (views/view.h): kept current from the replica's change observer, so
// neither search nor scrolling touches SQLite; 100,000 customers take about 15 MB. Leaner than a
// generic RecordListView of customers (views/record_list_view.h), which keeps every value.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "store/record_store.h"
#include "views/record_list_view.h"
#include "views/view.h"

namespace crm {

struct CustomerRow {
  std::string id, name, phone, city;
  std::string status;    // the status choice ("active", ...), empty if none
  std::string haystack;  // lower-cased "name\nphone\ncity" and its contacts' text, for search
  bool has_position = false;
  double latitude = 0, longitude = 0;
};

class CustomerDirectory : public View {
 public:
  // Reads every live customer from the store (one query).
  Status load(RecordStore& store) override;
  // A customer state was stored: added, changed or deleted.
  void on_change(const RecordState& state) override;
  void clear();

  size_t size() const { return rows_.size(); }
  const CustomerRow* find(const std::string& id) const;

  // Rows matching `query` (case-insensitive substring of name, phone, city, or a contact's name,
  // mobile, phone or e-mail; every
  // whitespace-separated term must match), ordered by name. Returns indexes for row().
  // With `now_ms`, re-sorting after changes happens at most once a second (during a first sync
  // of 100,000 customers, sorting on every page would take more time than the sync); customers
  // added meanwhile show at the end of the list until then.
  const std::vector<uint32_t>& search(const std::string& query, int64_t now_ms = 0);
  const CustomerRow& row(uint32_t index) const { return rows_[index]; }
  // Bumps whenever search() computes new results (rows changed, re-sorted, or another query).
  uint64_t results_serial() const { return results_serial_; }

 private:
  void upsert(CustomerRow row);
  void remove(const std::string& id);
  void set_contact(const std::string& contact_id, const std::string& customer_id, std::string text);
  void remove_contact(const std::string& contact_id);
  // The search text of a customer: its own fields and its contacts'.
  void rebuild_haystack(CustomerRow& row) const;
  void sort_if_needed(int64_t now_ms);

  std::vector<CustomerRow> rows_;
  std::unordered_map<std::string, uint32_t> index_;  // id -> position in rows_
  // Contacts' search text by customer (customer id -> contact id -> text), and each contact's customer.
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> contacts_;
  std::unordered_map<std::string, std::string> contact_customer_;
  bool sorted_ = true;
  int64_t last_sort_ms_ = 0;
  std::string last_query_;
  uint64_t last_version_ = ~uint64_t{0};
  std::vector<uint32_t> results_;
  uint64_t results_serial_ = 0;
};

}  // namespace crm
