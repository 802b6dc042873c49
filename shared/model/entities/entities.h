// One function per entity, each in its own file, returning its schema description (and, beside
// it, the entity's rules function when it has rules).
#pragma once

#include "model/entity_schema.h"

namespace crm {

// The required reference that makes a record a child of `entity`: hidden in forms (the child is
// added from its parent's page) and indexed (the parent's page lists its children by it).
inline FieldSpec parent_reference(std::string name, std::string entity, std::string label,
                                  FieldAccess access = FieldAccess::kEditable) {
  return FieldSpec{.name = std::move(name),
                   .type = FieldType::kReference,
                   .required = true,
                   .reference_entity = std::move(entity),
                   .parent = true,
                   .access = access,
                   .label = std::move(label),
                   .hidden = true,
                   .indexed = true};
}

// A priced line (product, quantity, unit price, discount, tax) that is a child of `parent_entity`.
EntitySchema priced_line_schema(std::string name, std::string label, std::string parent_field,
                                std::string parent_entity, std::string parent_label);

EntitySchema customer_schema();
EntitySchema contact_schema();
EntitySchema visit_schema();
EntitySchema activity_schema();
EntitySchema ticket_schema();
EntitySchema product_schema();
EntitySchema price_list_schema();
EntitySchema price_list_item_schema();
EntitySchema picklist_value_schema();
EntitySchema custom_field_schema();
EntitySchema attachment_schema();
EntitySchema campaign_schema();
EntitySchema lead_schema();
EntitySchema opportunity_schema();
EntitySchema stage_change_schema();
EntitySchema opportunity_product_schema();
EntitySchema decision_maker_schema();
EntitySchema pool_rule_schema();
EntitySchema quote_schema();
EntitySchema quote_line_schema();
EntitySchema quote_approval_schema();
EntitySchema quote_policy_schema();
EntitySchema quote_revision_schema();
EntitySchema contract_schema();
EntitySchema contract_line_schema();
EntitySchema instalment_schema();
EntitySchema invoice_schema();
EntitySchema receipt_schema();
EntitySchema sales_order_schema();
EntitySchema order_line_schema();
EntitySchema sales_target_schema();
EntitySchema commission_rule_schema();
EntitySchema commission_tier_schema();

}  // namespace crm
