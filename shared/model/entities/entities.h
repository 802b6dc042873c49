// One function per entity, each in its own file, returning its schema description (and, beside
// it, the entity's rules function when it has rules).
#pragma once

#include "model/entity_schema.h"

namespace crm {

EntitySchema customer_schema();
EntitySchema contact_schema();
EntitySchema visit_schema();
EntitySchema activity_schema();
EntitySchema ticket_schema();
EntitySchema product_schema();
EntitySchema price_list_schema();
EntitySchema price_list_item_schema();

}  // namespace crm
