#include "sales/lead_conversion.h"

#include <algorithm>

#include "core/time_format.h"
#include "model/entity_rules.h"
#include "sales/derived_id.h"

namespace crm::sales {
namespace {

std::string text(const FieldValues& values, const std::string& field) {
  const Json& v = value_of(values, field);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// Copies the lead's field `from` to `out[to]` when the lead holds a value.
void carry(const FieldValues& lead, const std::string& from, FieldValues& out, const std::string& to) {
  const Json& v = value_of(lead, from);
  if (!v.is_null() && !(v.is_string() && v.get_ref<const std::string&>().empty())) out[to] = v;
}

}  // namespace

std::string converted_customer_id(const std::string& lead_id) { return derived_id(lead_id, "customer"); }
std::string converted_contact_id(const std::string& lead_id) { return derived_id(lead_id, "contact"); }
std::string converted_opportunity_id(const std::string& lead_id) { return derived_id(lead_id, "opportunity"); }

Result<ConversionPlan> plan_conversion(const std::string& lead_id, const FieldValues& lead,
                                       const ConversionOptions& options, const FieldValues* existing_customer,
                                       const Actor& actor, int64_t now_ms) {
  const std::string status = text(lead, "status");
  if (status == "converted")
    return make_error("already_converted", "this lead is already converted", "status");
  if (status == "disqualified")
    return make_error("not_convertible", "a disqualified lead cannot be converted; reopen it first", "status");
  const std::string person = text(lead, "person_name");
  const std::string company = text(lead, "company");
  if (person.empty() && company.empty())
    return make_error("name_required", "person_name: a lead needs a person's or a company's name to convert",
                      "person_name");
  const bool link = !options.existing_customer_id.empty();
  if (link && !existing_customer)
    return make_error("customer_not_found", "no customer " + options.existing_customer_id + " on this device");

  ConversionPlan plan;
  plan.customer_id = link ? options.existing_customer_id : converted_customer_id(lead_id);
  const std::string owner = text(lead, "owner").empty() ? actor.username : text(lead, "owner");

  PlannedWrite customer{.entity = "customer", .id = plan.customer_id};
  if (link) {
    // Linking never overwrites what the customer holds: it only names the lead and campaign
    // when the customer names none.
    if (text(*existing_customer, "lead_id").empty()) customer.values["lead_id"] = lead_id;
    if (text(*existing_customer, "campaign_id").empty()) carry(lead, "campaign_id", customer.values, "campaign_id");
  } else {
    customer.create = true;
    customer.values = {{"kind", company.empty() ? "individual" : "company"},
                       {"name", company.empty() ? person : company},
                       {"status", "prospect"},
                       {"lead_id", lead_id}};
    if (!owner.empty()) customer.values["owner"] = owner;
    for (const char* f : {"phone", "email", "source", "campaign_id"}) carry(lead, f, customer.values, f);
  }
  if (!customer.values.empty()) plan.writes.push_back(std::move(customer));

  if (!person.empty()) {
    plan.contact_id = converted_contact_id(lead_id);
    PlannedWrite contact{.entity = "contact", .id = plan.contact_id, .create = true};
    contact.values = {{"customer_id", plan.customer_id}, {"name", person}};
    // The lead's person is the new customer's main contact; an existing customer keeps its own.
    if (!link) contact.values["primary"] = true;
    for (const char* f : {"title", "phone", "email"}) carry(lead, f, contact.values, f);
    plan.writes.push_back(std::move(contact));
  }

  if (options.create_opportunity) {
    std::string name = options.opportunity_name;
    if (name.empty()) name = company.empty() ? person : company;
    plan.opportunity_id = converted_opportunity_id(lead_id);
    PlannedWrite opp{.entity = "opportunity", .id = plan.opportunity_id, .create = true};
    opp.values = {{"customer_id", plan.customer_id},
                  {"name", name},
                  {"stage", "initial_contact"},
                  {"lead_id", lead_id}};
    if (!options.amount.is_null()) opp.values["amount"] = options.amount;
    if (!options.expected_close.empty()) opp.values["expected_close"] = options.expected_close;
    carry(lead, "campaign_id", opp.values, "campaign_id");
    plan.writes.push_back(std::move(opp));
  }

  PlannedWrite marked{.entity = "lead", .id = lead_id};
  marked.values = {{"status", "converted"},
                   {"converted_customer_id", plan.customer_id},
                   {"converted_at", iso8601_utc(now_ms)}};
  if (!plan.contact_id.empty()) marked.values["converted_contact_id"] = plan.contact_id;
  if (!plan.opportunity_id.empty()) marked.values["converted_opportunity_id"] = plan.opportunity_id;
  plan.writes.push_back(std::move(marked));
  return plan;
}

std::optional<std::string> settle_conversion_time(const std::vector<Json>& converted_at_writes) {
  std::optional<int64_t> earliest;
  std::string earliest_text;
  bool differ = false;
  for (const Json& w : converted_at_writes) {
    if (w != converted_at_writes.front()) differ = true;
    if (!w.is_string()) continue;
    auto t = parse_iso8601(w.get<std::string>());
    if (!t) continue;
    if (!earliest || *t < *earliest) {
      earliest = t;
      earliest_text = w.get<std::string>();
    }
  }
  if (!differ || !earliest) return std::nullopt;
  return earliest_text;
}

}  // namespace crm::sales
