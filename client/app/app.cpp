#include "app/app.h"
#include "app/meta_keys.h"

#include <cstdlib>

#include "store/migrations.h"
#include "sync/protocol.h"

namespace crm {
namespace {

// Indexes only the device needs (the server never looks records up by customer).
const std::vector<Migration>& client_migrations() {
  static const std::vector<Migration> list = {
      {1, "CREATE INDEX records_customer ON records(json_extract(fields, '$.customer_id[0].v'))"},
      // Only records that belong to a customer: customers themselves (the bulk of a first sync)
      // no longer pay for extracting a field they do not have.
      {2, "DROP INDEX records_customer; "
          "CREATE INDEX records_customer ON records(json_extract(fields, '$.customer_id[0].v')) "
          "WHERE entity IN ('contact', 'visit', 'activity')"},
  };
  return list;
}

}  // namespace

App::App(Platform& platform, Clock& clock, Random& random)
    : platform_(platform), clock_(clock), random_(random), scheduler_(random), transfer_(platform, clock) {
  views_.attach(directory_);
  views_.attach(*duplicates_);
}

App::~App() = default;

Status App::open(const std::string& db_path, const OpenOptions& opts) {
  db_path_ = db_path;
  open_options_ = opts;
  auto r = Replica::open(db_path, clock_, random_, opts);
  if (!r) return r.error();
  replica_ = std::move(r.value());
  CRM_TRY(migrate(replica_->store().db(), "client", client_migrations()));
  // Lists of the previous store are made again on demand.
  views_.drop_owned();
  lists_.clear();
  duplicates_loaded_ = false;
  pipeline_ = nullptr;
  targets_ = nullptr;
  collection_ = nullptr;
  replica_->set_observer([this](const RecordState& s) {
    views_.on_change(s);
    note_merge_change(s);
    ++data_version_;
  });
  ++data_version_;
  session_ = Session{meta(kServerKey), meta(kUserKey), meta(kRoleKey), meta(kTokenKey)};
  if (!session_.role.empty()) replica_->set_actor(Actor{session_.username, session_.role});
  crm::set_language(language_from_code(meta(kLanguageKey)));
  if (int g = std::atoi(meta(kGeofenceKey).c_str()); g > 0) geofence_m_ = g;
  sync_.last_success_ms = std::atoll(meta(kLastSyncKey).c_str());
  CRM_TRY(directory_.load(replica_->store()));
  transfer_.open(&replica_->store());
  refresh_unsynced();
  return ok_status();
}

std::string App::meta(const char* key) {
  auto v = replica_->store().get_meta(key);
  return v && v.value() ? *v.value() : std::string();
}

Status App::set_meta(const char* key, const std::string& value) { return replica_->store().set_meta(key, value); }

// Shown as "last sync 5 min ago" also after the app was closed.
void App::remember_sync_success(int64_t now_ms) {
  sync_.last_success_ms = now_ms;
  (void)set_meta(kLastSyncKey, std::to_string(now_ms));
}

void App::sign_in(const std::string& server, const std::string& username, const std::string& password) {
  if (sign_in_busy_) return;
  sign_in_error_ = {};
  if (username.empty() || password.empty()) {
    sign_in_error_ = make_error("missing_credentials", "enter a user name and a password");
    return;
  }
  std::string base = server.empty() ? platform_.origin() : server;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string previous = meta(kUserKey);
  if (!previous.empty() && previous != username) {
    // Another person's data must not stay on the device; their unsynced work must not be lost.
    if (sync_.unsynced > 0) {
      sign_in_error_ = make_error("unsynced_changes_of_other_user", previous);
      return;
    }
    if (Status s = reset_device(); !s) {
      sign_in_error_ = s.error();
      return;
    }
  }
  LoginRequest req{username, password, replica_->id(), platform_.device_name()};
  sign_in_busy_ = true;
  platform_.http_send(base, HttpRequest{"POST", "/api/v1/login", to_json(req).dump(), ""},
                      [this, base](Result<HttpResponse> r) { finish_sign_in(base, r); });
}

void App::finish_sign_in(const std::string& server, const Result<HttpResponse>& response) {
  sign_in_busy_ = false;
  if (!response) {
    sign_in_error_ = response.error();
    return;
  }
  if (response->status != 200) {
    sign_in_error_ = parse_error_body(response->status, response->body);
    return;
  }
  auto login = parse_login_response(response->body);
  if (!login) {
    sign_in_error_ = login.error();
    return;
  }
  for (auto [k, v] : {std::pair{kServerKey, server}, {kUserKey, login->username}, {kRoleKey, login->role},
                      {kTokenKey, login->token}, {kRefreshKey, login->refresh_token}})
    if (Status s = set_meta(k, v); !s) {
      sign_in_error_ = s.error();
      return;
    }
  session_ = Session{server, login->username, login->role, login->token};
  replica_->set_actor(Actor{session_.username, session_.role});
  notice_.clear();
  scheduler_.request(clock_.now_ms(), 0, true);
}

Status App::reset_device() {
  {
    auto tx = Transaction::begin(replica_->store().db());
    if (!tx) return tx.error();
    // Settings (language, geofence) belong to the device and stay.
    CRM_TRY(replica_->store().db().exec(
        "DELETE FROM records; DELETE FROM conflicts; DELETE FROM outbox; DELETE FROM attention; "
        "DELETE FROM resync_pending; DELETE FROM meta WHERE key NOT LIKE 'setting.%'"));
    CRM_TRY(tx.value()->commit());
  }
  replica_.reset();
  session_ = {};
  transfer_.open(nullptr);
  // The photos belonged to the previous user too.
  if (LocalFiles* files = platform_.files()) files->clear();
  return open(db_path_, open_options_);
}

void App::log_out() {
  if (signed_in())  // the answer does not matter: the tokens are forgotten here either way
    platform_.http_send(session_.server, HttpRequest{"POST", "/api/v1/logout", "{\"protocol\":1}", session_.token},
                        [](Result<HttpResponse>) {});
  sign_out();
}

void App::sign_out() {
  (void)set_meta(kTokenKey, "");
  (void)set_meta(kRefreshKey, "");
  session_.token.clear();
  ++check_in_serial_;
  session_sync_.reset();
  ++sync_serial_;
  sync_.running = false;
  transfer_.stop();
}

Status App::set_geofence_radius_m(int metres) {
  if (metres < 10 || metres > 100000)
    return make_error("out_of_range", "the geofence radius must be between 10 m and 100 km");
  CRM_TRY(set_meta(kGeofenceKey, std::to_string(metres)));
  geofence_m_ = metres;
  return ok_status();
}

Status App::set_language(Language l) {
  CRM_TRY(set_meta(kLanguageKey, language_code(l)));
  crm::set_language(l);
  return ok_status();
}

}  // namespace crm
