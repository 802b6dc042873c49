// The app: state and actions behind the screens. Screens draw from it and call its actions; it
// holds no widgets, no navigation (app/router.h) and no browser code, so it builds and is tested natively with a scripted
// Platform. Everything runs on the one main thread; asynchronous results (HTTP, geolocation)
// arrive as callbacks from the Platform between frames.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/attachment_transfer.h"
#include "app/catalog.h"
#include "app/customer_directory.h"
#include "app/platform.h"
#include "app/saved_filters.h"
#include "app/sync_scheduler.h"
#include "core/clock.h"
#include "replica/quote_edit.h"
#include "replica/replica.h"
#include "sales/lead_conversion.h"
#include "sales/record_merge.h"
#include "sync/sync_session.h"
#include "views/duplicate_view.h"
#include "views/pipeline_view.h"
#include "views/collection_view.h"
#include "views/record_list_view.h"
#include "views/target_view.h"
#include "views/view.h"
#include "visits/visit_rules.h"

namespace crm {

struct Session {
  std::string server, username, role, token;
};

struct SyncState {
  bool running = false;
  int64_t last_success_ms = 0;   // 0: never
  Error last_error;              // code empty when the last attempt succeeded
  int64_t unsynced = 0;          // records in the outbox
  // A sync pulling from cursor 0 (first full sync): progress in changes.
  bool full_sync = false;
  int64_t progress_done = 0, progress_total = 0;
  std::optional<int64_t> clock_offset_ms;  // device clock minus server clock, at the last sync
  // The last completed session: when it started and ended, and what it moved.
  int64_t last_started_ms = 0, last_finished_ms = 0, last_pulled = 0, last_pushed = 0;
};

struct FormOutcome {
  bool ok = false;
  std::string id;                                 // the saved record
  std::map<std::string, std::string> field_errors;  // field -> error code
  Error error;                                    // a failure not tied to a field
};

// A record shown in a list (a customer's timeline, the visits report).
struct RecordItem {
  std::string entity, id;
  int64_t at_ms = 0;              // the time it is sorted by (0: none)
  std::map<std::string, Json> values;
  std::vector<std::string> warnings;  // visits: trust_warnings()
};

struct CheckInState {
  enum class Phase { kIdle, kLocating, kDone, kFailed } phase = Phase::kIdle;
  std::string customer_id, visit_id;
  Error error;
};

inline constexpr const char* kDatabasePath = "/data/crm.db";

// The country code of phone numbers typed without one, from the app's language.
std::string default_calling_code(Language language);

class App {
 public:
  App(Platform& platform, Clock& clock, Random& random);
  ~App();

  // Opens (creating) the local store, then loads the session, settings and customer list.
  Status open(const std::string& db_path, const OpenOptions& opts);
  // Once per frame: starts a sync when one is due.
  void tick();

  // Session. sign_in() answers asynchronously: busy until done, then error or signed in.
  const Session& session() const { return session_; }
  bool signed_in() const { return !session_.token.empty(); }
  void sign_in(const std::string& server, const std::string& username, const std::string& password);
  bool sign_in_busy() const { return sign_in_busy_; }
  const Error& sign_in_error() const { return sign_in_error_; }
  // Forgets the tokens; local data and unsynced changes stay for the next sign-in.
  void sign_out();
  // Signs out here and ends the session on the server too (best effort when offline).
  void log_out();
  // A message for the sign-in screen (e.g. the session expired), empty if none.
  const std::string& notice() const { return notice_; }

  // Records.
  CustomerDirectory& customers() { return directory_; }
  std::optional<std::map<std::string, Json>> values(const std::string& entity, const std::string& id);
  // Creates (id empty) or updates a record from what the user typed, per field. Nothing is written
  // unless every field is valid; field_errors then holds one error code per bad field.
  FormOutcome save(const std::string& entity, const std::string& id, const std::map<std::string, std::string>& typed);
  Status remove(const std::string& entity, const std::string& id);
  // The queries screens repeat every frame are answered from a cache until the data changes; a
  // returned reference stays valid until the next change or the next query after it.
  // Every live record of `entity` as a computed view (views/record_list_view.h), made and loaded
  // on first use and then kept current from the replica's changes: what generic lists, pages
  // and pickers draw from. Null for an entity the registry does not know.
  RecordListView* records(const std::string& entity);
  // The records of `entity` whose parent (its schema's parent field) is `parent_id`, newest first:
  // a customer's contacts, visits, activities and tickets (children_of() lists them). Valid
  // until the next change.
  std::vector<const ListRow*> children(const std::string& parent_id, const std::string& entity);
  // Visits of every customer, newest first; only those with trust warnings if `flagged_only`.
  const std::vector<RecordItem>& visits(bool flagged_only, int limit = 500);
  // The signed-in user's saved filters for a list of `entity`, and changes to them.
  std::vector<SavedFilter> saved_filters(const std::string& entity);
  Status save_filter(const std::string& entity, SavedFilter filter);
  Status delete_filter(const std::string& entity, const std::string& name);
  const std::vector<StoredConflict>& conflicts();
  Status resolve(const StoredConflict& conflict, const Json& value);
  // Records the server refused or that left the user's scope with unsynced changes: each waits
  // for the user to push it again (e.g. after an admin fixed the scope) or discard it.
  const std::vector<RecordStore::Attention>& attention();
  Status retry_attention(const RecordKey& key);
  Status discard_attention(const RecordKey& key);

  // The sales pipeline of the records held (views/pipeline_view.h), made on first use with the
  // role's scope (a sales person: mine; a manager: the team; an admin: everyone). Null before open().
  PipelineView* pipeline();

  // Contracts, orders and payment collection (app_contracts.cpp; rules in sales/payment_plan.h,
  // sales/sales_documents.h, sales/collection.h). collection(): every held contract's payment
  // collection at the user's local date, made on first use; null before open().
  CollectionView* collection(int tz_offset_min);
  // A contract from an accepted quote, an order from a contract or a quote: the new record's id.
  Result<std::string> make_contract(const std::string& quote_id);
  Result<std::string> make_order(const std::string& source_entity, const std::string& source_id, int tz_offset_min);
  // Splits the contract's amount into n monthly instalments from `first_due` ("YYYY-MM-DD").
  Status split_payment_plan(const std::string& contract_id, int n, const std::string& first_due);
  // Activates a draft contract; refused (plan_mismatch) while its plan does not add up.
  Status activate_contract(const std::string& contract_id);
  // Moves an opportunity to `stage` in one step (replica/stage_move_edit.h) with what the move
  // asks for, as typed: "amount" (a won deal without one), "lost_reason" (lost). Field errors:
  // amount_required, reason_required, forbidden_transition (on "stage"), and parse errors.
  FormOutcome move_stage(const std::string& opportunity_id, const std::string& stage,
                         const std::map<std::string, std::string>& typed, int tz_offset_min);

  // Targets, progress and commission of the records held (views/target_view.h; app_targets.cpp),
  // made on first use. Null before open().
  TargetView* targets();
  // The question for the targets screen: the period of `kind` `offset` periods from the one
  // holding today (in the user's time zone), for the signed-in user alone or everyone held.
  TargetQuery target_query(sales::PeriodKind kind, int offset, bool everyone, int tz_offset_min);

  // Visits. check_in() takes a fresh position, then creates the visit.
  void check_in(const std::string& customer_id, const std::string& purpose);
  const CheckInState& check_in_state() const { return check_in_; }
  // Forgets the check-in attempt shown (leaving a customer): a late position answer is ignored.
  void reset_check_in() {
    check_in_ = {};
    ++check_in_serial_;
  }
  // This device's visit at `customer_id` that is not checked out yet.
  std::optional<std::string> open_visit(const std::string& customer_id);
  Status check_out(const std::string& visit_id, const std::string& notes);

  // Photos (attachments) of any record. add_photo() opens the camera or file picker; the photo,
  // resized and stored on the device, becomes an `attachment` record of (entity, id) that syncs
  // like any record, and its bytes go up after the next sync (app/attachment_transfer.h).
  struct PhotoRequest {
    uint64_t serial = 0;  // bumps with each request
    bool busy = false;
    std::string entity, id;       // the record the photo is for
    std::string attachment_id;    // the attachment made, once done
    Error error;                  // cancelled, unsupported_type, storage_failed, ...
  };
  void add_photo(const std::string& entity, const std::string& id);
  const PhotoRequest& photo_request() const { return photo_; }
  bool photos_supported() { return platform_.files() != nullptr; }
  // The record's attachments, newest first.
  std::vector<const ListRow*> attachments(const std::string& entity, const std::string& id);
  // Where an attachment's bytes stand; fetch_file() brings them when the device lacks them.
  FileState file_state(const std::map<std::string, Json>& attachment);
  void fetch_file(const std::map<std::string, Json>& attachment);
  AttachmentTransfer& transfer() { return transfer_; }
  const AttachmentTransfer& transfer() const { return transfer_; }

  // A position for a form (a new customer's address coordinates, taken on site). Asynchronous:
  // position_request() is locating, then holds the fix or the error.
  struct PositionRequest {
    uint64_t serial = 0;  // bumps with each request: a form takes each answer once
    bool locating = false;
    std::optional<GeoFix> fix;
    Error error;
  };
  void request_position();
  const PositionRequest& position_request() const { return position_; }

  // Sync.
  const SyncState& sync_state() const { return sync_; }
  void sync_now();
  void on_online();  // the browser's online event
  void on_hidden();  // the page is being hidden or closed: push what is queued

  // Settings, kept in the local store.
  int geofence_radius_m() const { return geofence_m_; }
  Status set_geofence_radius_m(int metres);
  Status set_language(Language l);

  // Leads (app_leads.cpp). Converts a lead as the signed-in user (replica/lead_conversion_apply.h):
  // the plan names the customer it became; errors as there (nothing is written).
  Result<sales::ConversionPlan> convert_lead(const std::string& lead_id, const sales::ConversionOptions& options);
  // Customers and leads a lead or customer being typed may duplicate (`id` empty: a new record),
  // from a computed view over the device's records; the country code for numbers typed without
  // one follows the app's language (default_calling_code()).
  std::vector<DuplicateHit> duplicates(const std::string& entity, const std::string& id,
                                       const std::map<std::string, std::string>& typed);
  // Merges customer `other_id` into `keep_id` (replica/record_merge_apply.h): children moved,
  // empty fields filled, the other tombstoned; errors as there (nothing is written).
  Result<sales::MergePlan> merge_customers(const std::string& keep_id, const std::string& other_id);

  // Quotes (app_quotes.cpp): a quote's computed state for the signed-in user on `today` (lines
  // with amounts, totals, approval, status shown; replica/quote_edit.h), its moves (approve and
  // reject append the manager's decision), and a line priced from the price lists.
  Result<QuoteState> quote(const std::string& id, CalendarDate today);
  Result<RecordState> move_quote(const std::string& id, const std::string& to, CalendarDate today,
                                 const std::string& comment = "");
  Result<RecordState> add_quote_line(const std::string& id, const std::string& product_id, const std::string& quantity,
                                     CalendarDate today);

  Platform& platform() { return platform_; }
  Clock& clock() { return clock_; }
  Replica* replica() { return replica_.get(); }

 private:
  std::string meta(const char* key);
  Status set_meta(const char* key, const std::string& value);
  void remember_sync_success(int64_t now_ms);
  void finish_sign_in(const std::string& server, const Result<HttpResponse>& response);
  // Forgets the previous user's data and this device's replica id (the server ties a device id
  // to one user), then reopens the store as a fresh replica.
  Status reset_device();
  void after_local_change();
  void start_sync();
  void pump_sync();
  void send_sync_request(const HttpRequest& request);
  void finish_sync();
  void stamp_clock_offsets(int64_t offset_ms);
  void refresh_unsynced();
  // Drops cached query answers if the data changed since they were read.
  void check_cache();
  void finish_check_in(const Result<GeoFix>& fix, const std::string& purpose);
  DuplicateView& duplicate_view();
  // Before a form saves a quote or a quote line: a sent quote becomes a new revision first.
  void revise_sent_quote(const std::string& entity, const std::string& id, const FieldValues& draft);
  // After a sync: children that reached a merged-away customer move to the one it was merged
  // into; leads two devices converted offline get their earliest conversion time.
  void settle_after_sync();
  // Called by the replica's observer: notes the customer a child record names.
  void note_merge_change(const RecordState& state);
  uint64_t check_in_serial_ = 0;  // bumps with every check-in attempt: late position answers are ignored

  Platform& platform_;
  Clock& clock_;
  Random& random_;
  std::unique_ptr<Replica> replica_;
  std::string db_path_;
  OpenOptions open_options_;
  CustomerDirectory directory_;
  // Every computed view, fed by the replica's observer: the directory and the lists made on demand.
  ViewSet views_;
  std::map<std::string, RecordListView*> lists_;
  std::unique_ptr<DuplicateView> duplicates_ = std::make_unique<DuplicateView>("86");
  bool duplicates_loaded_ = false;  // loaded from the current store, on first use
  std::vector<std::string> merge_watch_;  // customers named by children stored since the last sync
  PipelineView* pipeline_ = nullptr;
  TargetView* targets_ = nullptr;
  CollectionView* collection_ = nullptr;
  Session session_;
  bool sign_in_busy_ = false;
  Error sign_in_error_;
  std::string notice_;
  SyncScheduler scheduler_;
  std::unique_ptr<SyncSession> session_sync_;
  uint64_t sync_serial_ = 0;  // bumps when a sync session starts or ends: late answers are ignored
  SyncState sync_;
  CheckInState check_in_;
  PositionRequest position_;
  int geofence_m_ = kDefaultGeofenceRadiusM;
  AttachmentTransfer transfer_;
  PhotoRequest photo_;
  void finish_photo(const Result<PickedPhoto>& photo);
  // Bumps with every change the replica stores (its observer), and when the store is reopened.
  uint64_t data_version_ = 0;
  struct QueryCache {
    uint64_t version = 0;
    std::map<std::pair<bool, int>, std::vector<RecordItem>> visits;
    std::optional<std::vector<StoredConflict>> conflicts;
    std::optional<std::vector<RecordStore::Attention>> attention;
  } cache_;
  struct QuoteCache {
    uint64_t version = ~uint64_t{0};
    std::string id, role;
    CalendarDate today;
    std::optional<Result<QuoteState>> state;
  } quote_cache_;
  int64_t sync_started_ms_ = 0;
  bool sync_answered_ = false;  // this session received an answer to apply
  bool sync_again_ = false;     // "Sync now" while a sync ran: one more right after it
};

}  // namespace crm
