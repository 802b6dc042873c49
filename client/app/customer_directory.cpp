#include "app/customer_directory.h"

#include <algorithm>
#include <cstdlib>

#include "app/pinyin.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

std::string text_of(const RecordState& s, const char* field) {
  const FieldWrite* w = s.winner(field);
  return w && w->value.is_string() ? w->value.get<std::string>() : std::string();
}

CustomerRow make_row(std::string id, std::string name, std::string phone, std::string city) {
  CustomerRow r{std::move(id), std::move(name), std::move(phone), std::move(city), {}};
  return r;
}

void set_position(CustomerRow& r, const Json* lat, const Json* lon) {
  r.has_position = lat && lon && lat->is_number() && lon->is_number();
  if (r.has_position) {
    r.latitude = lat->get<double>();
    r.longitude = lon->get<double>();
  }
}

const Json* winner_value(const RecordState& s, const char* field) {
  const FieldWrite* w = s.winner(field);
  return w ? &w->value : nullptr;
}

// A phone number's digits alone: "13800138000" finds "+86 138 0013 8000".
std::string digits(const std::string& phone) {
  std::string out;
  for (char c : phone)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// A contact's searchable text: name, mobile, phone, e-mail.
std::string contact_text(const std::string& name, const std::string& mobile, const std::string& phone,
                         const std::string& email) {
  return fold_case(name + "\n" + mobile + "\n" + phone + "\n" + email + "\n" + digits(mobile) + "\n" + digits(phone) + "\n" +
                   pinyin_initials(name));
}

}  // namespace

Status CustomerDirectory::load(RecordStore& store) {
  clear();
  // The winner of each field is its first write (record_codec.h), so SQLite can read the visible
  // values without decoding whole records.
  auto contacts = store.db().prepare(
      "SELECT id, json_extract(fields, '$.customer_id[0].v'), json_extract(fields, '$.name[0].v'), "
      "json_extract(fields, '$.mobile[0].v'), json_extract(fields, '$.phone[0].v'), json_extract(fields, '$.email[0].v') "
      "FROM records WHERE entity = 'contact' AND deleted = 0");
  if (!contacts) return contacts.error();
  CRM_TRY(contacts->for_each_row([&](Statement& row) {
    const std::string id = row.column_text(0), customer = row.column_text(1);
    contact_customer_[id] = customer;
    contacts_[customer][id] = contact_text(row.column_text(2), row.column_text(3), row.column_text(4), row.column_text(5));
  }));
  auto st = store.db().prepare(
      "SELECT id, json_extract(fields, '$.name[0].v'), json_extract(fields, '$.phone[0].v'), "
      "json_extract(fields, '$.city[0].v'), json_extract(fields, '$.latitude[0].v'), "
      "json_extract(fields, '$.longitude[0].v'), json_extract(fields, '$.status[0].v') "
      "FROM records WHERE entity = 'customer' AND deleted = 0");
  if (!st) return st.error();
  CRM_TRY(st->for_each_row([&](Statement& row) {
    index_.emplace(row.column_text(0), static_cast<uint32_t>(rows_.size()));
    CustomerRow r = make_row(row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3));
    r.status = row.column_text(6);
    if (!row.column_is_null(4) && !row.column_is_null(5)) {
      r.has_position = true;
      r.latitude = std::strtod(row.column_text(4).c_str(), nullptr);
      r.longitude = std::strtod(row.column_text(5).c_str(), nullptr);
    }
    rebuild_haystack(r);
    rows_.push_back(std::move(r));
  }));
  sorted_ = false;
  changed();
  return ok_status();
}

void CustomerDirectory::clear() {
  rows_.clear();
  index_.clear();
  contacts_.clear();
  contact_customer_.clear();
  results_.clear();
  sorted_ = true;
  changed();
}

void CustomerDirectory::on_change(const RecordState& state) {
  if (state.entity == "contact") {
    if (state.deleted()) remove_contact(state.id);
    else
      set_contact(state.id, text_of(state, "customer_id"),
                  contact_text(text_of(state, "name"), text_of(state, "mobile"), text_of(state, "phone"),
                               text_of(state, "email")));
    return;
  }
  if (state.entity != "customer") return;
  if (state.deleted()) {
    remove(state.id);
    return;
  }
  CustomerRow r = make_row(state.id, text_of(state, "name"), text_of(state, "phone"), text_of(state, "city"));
  r.status = text_of(state, "status");
  set_position(r, winner_value(state, "latitude"), winner_value(state, "longitude"));
  upsert(std::move(r));
}

void CustomerDirectory::rebuild_haystack(CustomerRow& r) const {
  r.haystack = fold_case(r.name + "\n" + r.phone + "\n" + r.city + "\n" + digits(r.phone));
  // "wf" finds 王芳: the initials of a Chinese name's syllables.
  if (std::string initials = pinyin_initials(r.name); !initials.empty()) r.haystack += "\n" + initials;
  if (auto it = contacts_.find(r.id); it != contacts_.end())
    for (const auto& [id, text] : it->second) r.haystack += "\n" + text;
}

void CustomerDirectory::set_contact(const std::string& contact_id, const std::string& customer_id, std::string text) {
  remove_contact(contact_id);
  contact_customer_[contact_id] = customer_id;
  contacts_[customer_id][contact_id] = std::move(text);
  if (auto it = index_.find(customer_id); it != index_.end()) {
    rebuild_haystack(rows_[it->second]);
    changed();
  }
}

void CustomerDirectory::remove_contact(const std::string& contact_id) {
  auto it = contact_customer_.find(contact_id);
  if (it == contact_customer_.end()) return;
  const std::string customer = it->second;
  contact_customer_.erase(it);
  if (auto c = contacts_.find(customer); c != contacts_.end()) {
    c->second.erase(contact_id);
    if (c->second.empty()) contacts_.erase(c);
  }
  if (auto r = index_.find(customer); r != index_.end()) {
    rebuild_haystack(rows_[r->second]);
    changed();
  }
}

const CustomerRow* CustomerDirectory::find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rows_[it->second];
}

void CustomerDirectory::upsert(CustomerRow row) {
  rebuild_haystack(row);
  auto it = index_.find(row.id);
  if (it != index_.end()) {
    if (rows_[it->second].name != row.name) sorted_ = false;
    rows_[it->second] = std::move(row);
  } else {
    index_.emplace(row.id, static_cast<uint32_t>(rows_.size()));
    rows_.push_back(std::move(row));
    sorted_ = false;
  }
  changed();
}

void CustomerDirectory::remove(const std::string& id) {
  auto it = index_.find(id);
  if (it == index_.end()) return;
  const uint32_t pos = it->second;
  index_.erase(it);
  if (pos + 1 != rows_.size()) {
    rows_[pos] = std::move(rows_.back());
    index_[rows_[pos].id] = pos;
    sorted_ = false;
  }
  rows_.pop_back();
  changed();
}

void CustomerDirectory::sort_if_needed(int64_t now_ms) {
  if (sorted_ || (now_ms != 0 && now_ms - last_sort_ms_ < 1000)) return;
  last_sort_ms_ = now_ms;
  std::sort(rows_.begin(), rows_.end(), [](const CustomerRow& a, const CustomerRow& b) {
    if (a.haystack != b.haystack) return a.haystack < b.haystack;
    return a.id < b.id;
  });
  for (uint32_t i = 0; i < rows_.size(); ++i) index_[rows_[i].id] = i;
  sorted_ = true;
}

const std::vector<uint32_t>& CustomerDirectory::search(const std::string& query, int64_t now_ms) {
  if (query == last_query_ && version() == last_version_ && sorted_) return results_;
  sort_if_needed(now_ms);
  results_.clear();
  const auto terms = search_terms(query);
  for (uint32_t i = 0; i < rows_.size(); ++i) {
    const std::string& h = rows_[i].haystack;
    bool all = true;
    for (const auto& t : terms)
      if (h.find(t) == std::string::npos) {
        all = false;
        break;
      }
    if (all) results_.push_back(i);
  }
  last_query_ = query;
  last_version_ = version();
  ++results_serial_;
  return results_;
}

}  // namespace crm
