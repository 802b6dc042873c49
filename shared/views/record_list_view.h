// RecordListView: every live record of one entity, decoded once and kept current from the
// replica's changes (views/view.h), answering what a generic list screen and a record's page
// ask for every frame: search over the schema's searchable and summary fields, filters on
// choice, owner, reference, bool, tags and date fields, an order by any field, and the records
// that point at a given record through a reference (a price list's items, a customer's visits).
//
// The schema is read when a question is asked (find_schema()), never kept: fields added at run
// time (custom fields) are searched and sorted as soon as the registry has them.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/entity_schema.h"
#include "views/view.h"

namespace crm {

struct ListRow {
  std::string id;
  FieldValues values;     // the visible values (Replica::visible_values)
  std::string haystack;   // lower-cased searchable text, rebuilt when the schema's search fields change
};

struct ListQuery {
  std::string search;  // every whitespace-separated term must occur in a searchable field
  // field -> value: equal to it (a tags field: holds it). "" matches records without a value.
  std::map<std::string, std::string> equals;
  // field -> [from, to] (either may be empty): dates and times compared by their text, inclusive;
  // a time's date part is compared against a date bound.
  std::map<std::string, std::pair<std::string, std::string>> ranges;
  std::string sort;  // a field; empty: the schema's first summary field
  bool descending = false;

  bool operator==(const ListQuery&) const = default;
};

class RecordListView : public View {
 public:
  // More text a record is found by, made from its search text (the client adds the pinyin
  // initials of Chinese names: "wf" finds 王芳); empty: none.
  using SearchExtra = std::function<std::string(std::string_view text)>;
  explicit RecordListView(std::string entity, SearchExtra extra = {})
      : entity_(std::move(entity)), extra_(std::move(extra)) {}

  const std::string& entity() const { return entity_; }
  Status load(RecordStore& store) override;
  void on_change(const RecordState& state) override;

  size_t size() const { return rows_.size(); }
  const ListRow* find(const std::string& id) const;
  // The rows matching `q`, in its order (missing values last, then by id). The answer is kept
  // until the rows or the question change; the pointers stay valid until the next change.
  const std::vector<const ListRow*>& query(const ListQuery& q);
  // Rows whose reference `field` holds `target_id`, newest first by the schema's first time or
  // date field (else by id, which is creation order). Answered from an index kept per field.
  std::vector<const ListRow*> referencing(const std::string& field, const std::string& target_id);

 private:
  void upsert(ListRow row);
  void remove(const std::string& id);
  void index(const ListRow& row, bool add);
  // Rebuilds every row's search text and the reference index when the schema's search or
  // reference fields changed (fields added at run time).
  void refresh_haystacks();
  std::string haystack(const EntitySchema& schema, const std::vector<std::string>& fields, const FieldValues& values) const;

  std::string entity_;
  SearchExtra extra_;
  std::unordered_map<std::string, ListRow> rows_;
  // "field\nvalue" -> ids of rows whose reference field holds value.
  std::unordered_map<std::string, std::unordered_set<std::string>> refs_;
  std::string search_fields_;  // the fields the haystacks and index were built from, "a,b,|r,"
  ListQuery last_query_;
  uint64_t last_version_ = ~uint64_t{0};
  std::vector<const ListRow*> results_;
};

// The fields a list searches: the schema's searchable fields, then its summary fields.
std::vector<std::string> search_fields(const EntitySchema& schema);
// A record's search text: the values of `fields`, lower-cased, one per line (phones also as
// digits alone, tags each).
std::string search_text(const EntitySchema& schema, const std::vector<std::string>& fields, const FieldValues& values);
// Orders two values of one field: negative, 0, positive; null sorts after everything.
int compare_values(const FieldSpec* spec, const Json& a, const Json& b);
// Splits a query into lower-cased terms at whitespace (also the ideographic space U+3000).
std::vector<std::string> search_terms(const std::string& query);
// Lower-cases ASCII letters (other scripts compare as they are).
std::string fold_case(std::string_view text);

}  // namespace crm
