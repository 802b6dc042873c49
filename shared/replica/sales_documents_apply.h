// Writing the contracts, orders and payment plans the core plans (sales/sales_documents.h,
// sales/payment_plan.h) into a device's replica, each in one transaction.
#pragma once

#include <string>

#include "replica/replica.h"
#include "sales/payment_plan.h"
#include "sales/sales_documents.h"

namespace crm {

// Writes `plan`: a record not held is created with its planned id; one held already (the same
// contract made on another device and synced here) keeps what it has and gets only the fields it
// lacks. Errors: the replica's (validation, storage); nothing is written then.
Status apply_document_plan(Replica& replica, const sales::DocumentPlan& plan);

// A contract from the accepted quote `quote_id`; returns the contract's id. Errors:
// contract_from_quote()'s, apply_document_plan()'s.
Result<std::string> make_contract_from_quote(Replica& replica, const std::string& quote_id);
// An order from a contract or a quote dated `today`; returns the order's id. Errors: order_from()'s.
Result<std::string> make_order(Replica& replica, const std::string& source_entity, const std::string& source_id,
                               CalendarDate today);

// Splits contract `contract_id`'s amount into `n` instalments (split_evenly), the first due on
// `first_due`, monthly. Errors: not_found (no such contract here), plan_exists (it has
// instalments: delete them first), wrong_type (no amount), split_evenly()'s.
Status split_payment_plan(Replica& replica, const std::string& contract_id, int n, CalendarDate first_due);

}  // namespace crm
