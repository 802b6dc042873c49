#include "views/duplicate_view.h"

#include "model/entity_rules.h"
#include "replica/replica.h"

namespace crm {
namespace {

std::string text(const FieldValues& values, const char* field) {
  const Json& v = value_of(values, field);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool indexed(const RecordState& state) {
  if (state.entity == "customer") return !state.deleted();
  if (state.entity == "lead") return !state.deleted() && state.value("status") != "converted";
  return false;
}

}  // namespace

DuplicateView::DuplicateView(std::string default_calling_code)
    : calling_code_(default_calling_code), index_(std::move(default_calling_code)) {}

sales::MatchProbe DuplicateView::probe(const std::string& entity, const std::string& id, const FieldValues& values) {
  sales::MatchProbe p;
  p.id = entity + "/" + id;
  if (entity == "lead") {
    // A lead is compared by its company when it names one (the customer it would become).
    p.name = text(values, "company");
    if (p.name.empty()) p.name = text(values, "person_name");
  } else {
    p.name = text(values, "name");
  }
  if (auto phone = text(values, "phone"); !phone.empty()) p.phones.push_back(phone);
  if (auto email = text(values, "email"); !email.empty()) p.emails.push_back(email);
  return p;
}

Status DuplicateView::load(RecordStore& store) {
  index_ = sales::DuplicateIndex(calling_code_);
  for (const char* entity : {"customer", "lead"}) {
    auto all = store.list(entity);
    if (!all) return all.error();
    for (const RecordState& s : all.value())
      if (indexed(s)) index_.put(probe(entity, s.id, Replica::visible_values(s)));
  }
  changed();
  return ok_status();
}

void DuplicateView::on_change(const RecordState& state) {
  if (state.entity != "customer" && state.entity != "lead") return;
  if (indexed(state)) index_.put(probe(state.entity, state.id, Replica::visible_values(state)));
  else index_.remove(state.entity + "/" + state.id);
  changed();
}

std::vector<DuplicateHit> DuplicateView::matches(const std::string& entity, const std::string& id,
                                                 const FieldValues& values, size_t limit) const {
  std::vector<DuplicateHit> out;
  for (const auto& m : index_.matches(probe(entity, id, values), limit)) {
    const auto slash = m.id.find('/');
    out.push_back(DuplicateHit{m.id.substr(0, slash), m.id.substr(slash + 1), m.reasons, m.name_score});
  }
  return out;
}

}  // namespace crm
