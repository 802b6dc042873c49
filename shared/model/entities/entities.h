// One function per entity, each in its own file, returning its schema description.
#pragma once

#include "model/entity_schema.h"

namespace crm {

EntitySchema customer_schema();
EntitySchema contact_schema();
EntitySchema visit_schema();
EntitySchema activity_schema();
EntitySchema ticket_schema();

}  // namespace crm
