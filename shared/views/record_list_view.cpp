#include "views/record_list_view.h"

#include <algorithm>

#include "model/values/fixed_decimal.h"
#include "model/values/money.h"
#include "replica/replica.h"

namespace crm {
namespace {

std::string digits(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += n + ",";
  return out;
}

std::string text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// The first time or date field of a schema: what "newest first" means for its records.
const FieldSpec* time_field(const EntitySchema& schema) {
  for (const auto& f : schema.fields)
    if (f.type == FieldType::kTimestamp || f.type == FieldType::kDate) return &f;
  return nullptr;
}

bool matches(const FieldSpec* spec, const FieldValues& values, const std::string& field, const std::string& want) {
  auto it = values.find(field);
  if (it == values.end() || it->second.is_null()) return want.empty();
  const Json& v = it->second;
  if (spec && spec->type == FieldType::kTags && v.is_array()) {
    for (const auto& t : v)
      if (t.is_string() && t.get<std::string>() == want) return true;
    return false;
  }
  if (v.is_boolean()) return (v.get<bool>() ? "true" : "false") == want;
  return text(v) == want;
}

bool in_range(const FieldValues& values, const std::string& field, const std::pair<std::string, std::string>& r) {
  auto it = values.find(field);
  if (it == values.end() || !it->second.is_string()) return r.first.empty() && r.second.empty();
  const std::string v = it->second.get<std::string>();
  // A date bound ("2026-11-30") against a time compares the time's date part.
  auto cut = [&](const std::string& bound) { return bound.size() == 10 ? v.substr(0, 10) : v; };
  if (!r.first.empty() && cut(r.first) < r.first) return false;
  if (!r.second.empty() && cut(r.second) > r.second) return false;
  return true;
}

}  // namespace

std::string fold_case(std::string_view in) {
  std::string out(in);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> search_terms(const std::string& query) {
  std::vector<std::string> out;
  const std::string folded = fold_case(query);
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      flush();
    } else if (folded.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000, typed by CJK input methods
      flush();
      i += 2;
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

std::vector<std::string> search_fields(const EntitySchema& schema) {
  std::vector<std::string> out;
  for (const auto& f : schema.fields)
    if (f.searchable) out.push_back(f.name);
  for (const auto& s : schema.summary_fields)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

std::string search_text(const EntitySchema& schema, const std::vector<std::string>& fields, const FieldValues& values) {
  std::string out;
  for (const auto& name : fields) {
    auto it = values.find(name);
    if (it == values.end()) continue;
    const FieldSpec* spec = schema.field(name);
    const Json& v = it->second;
    if (spec && spec->type == FieldType::kReference) continue;  // an id finds nothing a person types
    if (spec && spec->type == FieldType::kMoney) {
      if (auto m = money_from_json(v)) out += format_money(*m) + "\n";
      continue;
    }
    if (v.is_array()) {
      for (const auto& t : v) out += text(t) + "\n";
      continue;
    }
    out += text(v) + "\n";
    if (spec && spec->type == FieldType::kPhone) out += digits(text(v)) + "\n";
  }
  return fold_case(out);
}

int compare_values(const FieldSpec* spec, const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : a.is_null() ? 1 : -1;
  if (spec && spec->type == FieldType::kMoney) {
    auto x = money_from_json(a), y = money_from_json(b);
    if (x && y) {
      if (x->currency != y->currency) return x->currency < y->currency ? -1 : 1;
      return x->minor < y->minor ? -1 : x->minor > y->minor ? 1 : 0;
    }
  }
  if (spec && spec->type == FieldType::kFixed && a.is_string() && b.is_string()) {
    auto x = parse_decimal(a.get<std::string>(), kMaxDecimalScale), y = parse_decimal(b.get<std::string>(), kMaxDecimalScale);
    if (x && y) return compare(*x, *y);
  }
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_boolean() && b.is_boolean()) return int(a.get<bool>()) - int(b.get<bool>());
  const std::string x = fold_case(text(a)), y = fold_case(text(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

Status RecordListView::load(RecordStore& store) {
  rows_.clear();
  refs_.clear();
  search_fields_.clear();
  auto list = store.list(entity_);
  if (!list) return list.error();
  for (const RecordState& s : list.value()) upsert(ListRow{s.id, Replica::visible_values(s), {}});
  changed();
  return ok_status();
}

void RecordListView::on_change(const RecordState& state) {
  if (state.entity != entity_) return;
  if (state.deleted()) remove(state.id);
  else upsert(ListRow{state.id, Replica::visible_values(state), {}});
  changed();
}

const ListRow* RecordListView::find(const std::string& id) const {
  auto it = rows_.find(id);
  return it == rows_.end() ? nullptr : &it->second;
}

void RecordListView::index(const ListRow& row, bool add) {
  const EntitySchema* schema = find_schema(entity_);
  if (!schema) return;
  for (const auto& f : schema->fields) {
    if (f.type != FieldType::kReference) continue;
    auto it = row.values.find(f.name);
    if (it == row.values.end() || !it->second.is_string()) continue;
    const std::string key = f.name + "\n" + it->second.get<std::string>();
    if (add) {
      refs_[key].insert(row.id);
    } else if (auto r = refs_.find(key); r != refs_.end()) {
      r->second.erase(row.id);
      if (r->second.empty()) refs_.erase(r);
    }
  }
}

void RecordListView::upsert(ListRow row) {
  remove(row.id);
  if (const EntitySchema* schema = find_schema(entity_); schema && !search_fields_.empty())
    row.haystack = haystack(*schema, search_fields(*schema), row.values);
  index(row, true);
  const std::string id = row.id;
  rows_.emplace(id, std::move(row));
}

std::string RecordListView::haystack(const EntitySchema& schema, const std::vector<std::string>& fields,
                                     const FieldValues& values) const {
  std::string text = search_text(schema, fields, values);
  if (extra_)
    if (std::string more = extra_(text); !more.empty()) text += "\n" + more;
  return text;
}

void RecordListView::remove(const std::string& id) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  index(it->second, false);
  rows_.erase(it);
}

void RecordListView::refresh_haystacks() {
  const EntitySchema* schema = find_schema(entity_);
  if (!schema) return;
  const auto fields = search_fields(*schema);
  std::string key = joined(fields) + "|";
  for (const auto& f : schema->fields)
    if (f.type == FieldType::kReference) key += f.name + ",";
  if (key == search_fields_) return;
  // The schema changed (a field added or made searchable at run time): search texts and the
  // reference index follow it.
  const bool refs_changed = search_fields_.empty() || search_fields_.substr(search_fields_.find('|')) != key.substr(key.find('|'));
  search_fields_ = key;
  if (refs_changed) {
    refs_.clear();
    for (const auto& [id, row] : rows_) index(row, true);
  }
  for (auto& [id, row] : rows_) row.haystack = haystack(*schema, fields, row.values);
  last_version_ = ~uint64_t{0};
}

const std::vector<const ListRow*>& RecordListView::query(const ListQuery& q) {
  refresh_haystacks();
  if (version() == last_version_ && q == last_query_) return results_;
  const EntitySchema* schema = find_schema(entity_);
  results_.clear();
  const auto terms = search_terms(q.search);
  for (const auto& [id, row] : rows_) {
    bool ok = true;
    for (const auto& t : terms) ok = ok && row.haystack.find(t) != std::string::npos;
    for (const auto& [field, want] : q.equals) ok = ok && matches(schema ? schema->field(field) : nullptr, row.values, field, want);
    for (const auto& [field, range] : q.ranges) ok = ok && in_range(row.values, field, range);
    if (ok) results_.push_back(&row);
  }
  std::string sort = q.sort;
  if (sort.empty() && schema && !schema->summary_fields.empty()) sort = schema->summary_fields.front();
  const FieldSpec* spec = schema ? schema->field(sort) : nullptr;
  static const Json kNull;
  auto value = [&](const ListRow* r) -> const Json& {
    auto it = r->values.find(sort);
    return it == r->values.end() ? kNull : it->second;
  };
  std::sort(results_.begin(), results_.end(), [&](const ListRow* a, const ListRow* b) {
    const Json &x = value(a), &y = value(b);
    // Missing values stay last in either direction.
    if (x.is_null() != y.is_null()) return y.is_null();
    int c = compare_values(spec, x, y);
    if (q.descending) c = -c;
    return c != 0 ? c < 0 : a->id < b->id;
  });
  last_query_ = q;
  last_version_ = version();
  return results_;
}

std::vector<const ListRow*> RecordListView::referencing(const std::string& field, const std::string& target_id) {
  refresh_haystacks();
  std::vector<const ListRow*> out;
  auto it = refs_.find(field + "\n" + target_id);
  if (it == refs_.end()) return out;
  for (const auto& id : it->second)
    if (const ListRow* r = find(id)) out.push_back(r);
  const EntitySchema* schema = find_schema(entity_);
  const FieldSpec* when = schema ? time_field(*schema) : nullptr;
  std::sort(out.begin(), out.end(), [&](const ListRow* a, const ListRow* b) {
    if (when) {
      auto x = a->values.find(when->name), y = b->values.find(when->name);
      const Json& xv = x == a->values.end() ? Json() : x->second;
      const Json& yv = y == b->values.end() ? Json() : y->second;
      if (int c = compare_values(when, xv, yv); c != 0) return xv.is_null() || yv.is_null() ? c < 0 : c > 0;
      return a->id > b->id;
    }
    return a->id < b->id;
  });
  return out;
}

}  // namespace crm
