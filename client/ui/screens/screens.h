// The screens, each with the state it keeps while open (owned by its router entry, see
// app/router.h): one struct per screen, nothing shared between them.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/router.h"
#include "ui/date_picker.h"
#include "views/duplicate_view.h"
#include "views/record_list_view.h"
#include "ui/ui.h"

namespace crm::ui {

struct CustomersState : ScreenState {
  std::string search;
  std::string status;        // a status to show only (empty: all)
  bool by_city = false;      // sorted by city, then name (default: by name)
  // The rows shown, cached against the directory's results and the choices above.
  std::vector<uint32_t> shown;
  uint64_t shown_serial = ~uint64_t{0};
  std::string shown_status;
  bool shown_by_city = false;
  std::string list_key;  // the search and filters the list was last drawn for: a change scrolls it to the top
};

// A generic list (any entity): the question asked of its view, and the saved filter being named.
struct ListState : ScreenState {
  ListQuery query;
  std::string filter_name;  // typed when saving the current filters under a name
  bool show_filters = false;
  std::string list_key;     // the question the list was last drawn for: a change scrolls it to the top
  std::string picking;      // the date-range end whose calendar is open ("field.from", "field.to")
  PickerState picker;
};

// A lead's conversion panel (lead_convert.cpp).
struct LeadConvertState {
  bool open = false;
  std::vector<DuplicateHit> matches;  // customers the lead may already be, found when the panel opened
  std::string link_to;                // the chosen one; empty: a new customer
  bool create_opportunity = false;
  std::string opportunity_name, amount, expected_close, error;
};

// A quote's panel (quote_panel.cpp): the product and quantity of a line being added, a
// manager's comment on a decision, the last action's error.
struct QuotePanelState {
  std::string product_id, quantity = "1", comment, error;
};

// The actions a contract's, an accepted quote's and an instalment's pages offer (contract_panel.cpp).
struct ContractPanelState {
  std::string split_n = "3", first_due;  // "Split into N equal instalments"
  std::string error;                     // the last action's error code
};

// A generic record page.
struct RecordPageState : ScreenState {
  bool confirm_delete = false;
  std::string copied;
  LeadConvertState convert;  // a lead's page only
  QuotePanelState quote;     // a quote's page only
  ContractPanelState contract;  // contracts, quotes, orders and instalments
};

// Payment collection (collection_screen.cpp).
struct CollectionState : ScreenState {
  bool everyone = false;  // a manager's or an admin's choice: everyone's sums, not only theirs
};

struct NearbyState : ScreenState {
  uint64_t position_serial = 0;  // the position request this screen asked for
  bool asked = false;
};

// The public pool's part of a customer's page (pool_panel.cpp).
struct PoolPanelState {
  bool returning = false;  // the reason field is open
  std::string reason;
  std::string error;       // the last refusal's code
};

// A customer's possible duplicates and the merge being chosen (customer_merge.cpp).
struct MergeState {
  bool loaded = false;             // the matches are found once per visit of the page
  std::vector<DuplicateHit> hits;
  std::string choosing, error;     // the match whose "which one to keep?" is open
};

struct DetailState : ScreenState {
  bool confirm_delete = false;
  std::string copied;  // the label of the value last copied, shown as a confirmation
  PoolPanelState pool;
  MergeState merge;
};

struct FormState : ScreenState {
  bool loaded = false;
  uint64_t position_serial = 0;              // the position request this form asked for
  std::map<std::string, std::string> text;   // field -> typed text
  std::map<std::string, std::string> errors; // field -> error code
  std::string error;                          // a failure not tied to a field
  std::string picking;                        // the date field whose picker is open
  std::string ref_search;                     // the search typed in an open reference picker
  // The duplicate warning (duplicate_warning.cpp): the matches found on Save, whether the user
  // chose to save anyway, and the customer a new lead is to be converted into.
  std::vector<DuplicateHit> duplicates;
  bool duplicates_acknowledged = false, duplicates_to_top = false;
  std::string convert_into;
};

struct CheckInUiState : ScreenState {
  std::string purpose, notes, error;
};

struct VisitsState : ScreenState {
  bool flagged_only = false;
};

struct ConflictsState : ScreenState {
  std::map<std::string, std::string> text;  // custom values being typed, by conflict key
  std::string error;
};

struct AttentionState : ScreenState {
  std::string error;
};

// The pipeline board: the column shown on a phone, the card being dragged or acted on, the move
// being asked about (won without an amount, lost) and the filter fields.
struct PipelineState : ScreenState {
  size_t stage = 0;
  std::string acting;             // the card whose "Move to…" actions are open
  std::string drag_id;            // the card being dragged
  ImVec2 drag_pos{-1, -1}, swipe_from{-1, -1};
  std::string move_id, move_to;   // the move asked about
  bool asking = false;
  std::string amount, reason, error, field_error;
  bool show_filters = false;
  std::string month;
};

// Targets and commission: the period shown, whose numbers, the person whose receipts are open.
struct TargetsState : ScreenState {
  int kind = 0;        // 0 month, 1 quarter, 2 year
  int offset = 0;      // periods before (-) or after (+) the current one
  bool team = true;    // a manager or an admin: everyone the device holds; false: only themselves
  std::string open;    // the person whose receipts are listed (a manager's view)
};

struct SettingsState : ScreenState {
  std::string geofence_text, message;
};

void draw_sign_in_screen(Ui& ui);
void draw_customers_screen(Ui& ui, CustomersState& s);
void draw_record_list_screen(Ui& ui, const Route& r, ListState& s);
void draw_record_screen(Ui& ui, const Route& r, RecordPageState& s);
// The entities beyond the main tabs (products, price lists, tickets, ...), on a phone's "More" tab.
void draw_more_screen(Ui& ui);
// A record's children (children_of()) and the records that reference it, each a section with its
// count, its rows (tap: the child's page) and an "Add" button when the user may write them.
// `skip`: child entities the caller draws itself.
void draw_related_sections(Ui& ui, const EntitySchema& schema, const std::string& id, const std::vector<std::string>& skip);
// A record's fields as label and value, with call / mail / map links and a copy button each
// (`copied` names the last value copied); probe names start with `prefix`.
void draw_field_rows(Ui& ui, const EntitySchema& schema, const std::map<std::string, Json>& values, std::string& copied,
                     const std::string& prefix);
// Why `role` may not change records of `schema` ("" when it may), in the user's language.
std::string read_only_reason(const EntitySchema& schema, const std::string& role);
// A lead's actions on its page: "Convert" and its panel.
void draw_lead_actions(Ui& ui, const std::string& lead_id, const std::map<std::string, Json>& values,
                       LeadConvertState& s);
// A quote's panel on its page: status, lines with amounts and warnings, totals, delivery date,
// approval and decisions, the moves the user may make, Print, earlier revisions.
void draw_quote_panel(Ui& ui, const std::string& quote_id, QuotePanelState& s);
void draw_nearby_screen(Ui& ui, NearbyState& s);
void draw_customer_detail_screen(Ui& ui, const Route& r, DetailState& s);
// A customer's standing in the public pool: Claim (a pool customer), Return to pool with a reason
// (my own), and the warning before the automatic return.
void draw_pool_panel(Ui& ui, const std::string& customer_id, PoolPanelState& s);
// A customer's possible duplicates, each with Open and Merge (keep this one or the other).
void draw_customer_duplicates(Ui& ui, const std::string& id, MergeState& s);
void draw_edit_screen(Ui& ui, const Route& r, FormState& s);
// Why a record may be a duplicate, in the user's language: "same phone, similar name".
std::string duplicate_reasons(unsigned match_reasons);
// Before a lead or customer is saved: true (and the matches in `form`) when it may duplicate
// records the device holds and the user has not chosen to save anyway.
bool hold_for_duplicates(Ui& ui, const Route& r, FormState& form, const std::map<std::string, std::string>& typed);
// The matches found on Save, each with Open (and, for a lead, Convert into this customer), and
// "Save anyway"; `save(true)` saves past the warning.
void draw_duplicate_warning(Ui& ui, const Route& r, FormState& form, const std::function<void(bool)>& save);
void draw_check_in_screen(Ui& ui, const Route& r, CheckInUiState& s);
void draw_conflicts_screen(Ui& ui, ConflictsState& s);
void draw_attention_screen(Ui& ui, AttentionState& s);
void draw_visits_screen(Ui& ui, VisitsState& s);
void draw_settings_screen(Ui& ui, SettingsState& s);
void draw_status_bar(Ui& ui);
void draw_pipeline_screen(Ui& ui, PipelineState& s);
void draw_funnel_screen(Ui& ui);
void draw_targets_screen(Ui& ui, TargetsState& s);
// Contracts, payment plans and collection (contract_panel.cpp, collection_screen.cpp,
// customer_360.cpp): a contract's number ("pending" until synced), expiry, payment plan with what
// is received and overdue, "Split into N", "Activate", "Make an order"; an accepted quote's "Make a
// contract"; an instalment's collection and "Record a receipt" (with the overpayment warning).
void draw_sales_document_panel(Ui& ui, const Route& r, const std::map<std::string, Json>& values, ContractPanelState& s);
void draw_collection_screen(Ui& ui, CollectionState& s);
// A customer's outstanding balance, its receipts and counts of its deals, quotes, contracts, orders.
void draw_customer_360(Ui& ui, const std::string& customer_id);
// On a new receipt's form: the warning when the amount typed exceeds the instalment's outstanding.
void draw_receipt_warning(Ui& ui, const Route& r, const FormState& form);

}  // namespace crm::ui
