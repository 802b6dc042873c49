// Fuzzes the sync server's API without HTTP (sync_server/api/api_service.h) against a real
// SqliteServerStore in a temporary folder: sign-in, token refresh, authentication, push and pull
// with fuzzed bodies and Authorization headers. Every answer must be a JSON object with a status
// below 500 (503 only for storage errors), a {code, message} error whose code maps to that
// status, and a refused request must store nothing.
//
// Input: byte 0 picks the call, byte 1 the Authorization header (even: a valid admin token; odd:
// the input's first line), the rest is the body.
#include <filesystem>
#include <memory>

#include "admin/admin_commands.h"
#include "api/api_service.h"
#include "auth/credentials.h"
#include "fuzz_check.h"
#include "storage/sqlite_server_store.h"
#include "sync/protocol.h"

using namespace crm;
using namespace crm::server;

namespace {

constexpr const char* kPassword = "fuzzing password 1";

// The protocol details this target depends on, in one place.
std::string login_body(const std::string& user, const std::string& device) {
  return Json{{"protocol", kProtocolVersion}, {"username", user}, {"password", kPassword}, {"device_id", device}}
      .dump();
}

struct Fixture {
  std::string dir;
  std::unique_ptr<SqliteServerStore> store;
  // Fixed (the access token never expires during a run), and after the stamps of the corpora.
  ManualClock clock{1'800'000'000'000};
  std::unique_ptr<ApiService> api;
  std::string token;

  Fixture() {
    char tmpl[] = "/tmp/crm-api-fuzz-XXXXXX";
    FUZZ_CHECK(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    FUZZ_CHECK(init_crypto().ok());
    auto s = SqliteServerStore::open(dir + "/crm.db");
    FUZZ_CHECK(s.ok());
    store = std::move(s.value());
    FUZZ_CHECK(add_user(*store, clock, "admin", kPassword, "admin").ok());
    api = std::make_unique<ApiService>(*store, clock);
    ApiResponse r = api->login(login_body("admin", "fuzz-device"));
    FUZZ_CHECK(r.status == 200);
    token = Json::parse(r.body)["token"].get<std::string>();
  }
  ~Fixture() {
    api.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

void check_answer(const ApiResponse& r) {
  if (r.status >= 500) std::fprintf(stderr, "answer %d: %s\n", r.status, r.body.c_str());
  FUZZ_CHECK(r.status >= 200 && (r.status < 500 || r.status == 503));
  Json body = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(body.is_object());
  if (r.status >= 400) {
    FUZZ_CHECK(body.contains("code") && body["code"].is_string() && !body["code"].get<std::string>().empty());
    FUZZ_CHECK(body.contains("message") && body["message"].is_string());
    FUZZ_CHECK(http_status_for(body["code"].get<std::string>()) == r.status);
  }
}

int64_t latest(Fixture& f) {
  auto seq = f.store->latest_seq();
  FUZZ_CHECK(seq.ok());
  return seq.value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture f;
  if (size < 2) return 0;
  const int op = data[0] % 8;
  std::string rest = fuzz::text(data + 2, size - 2);
  std::string header = "Bearer " + f.token;
  if (data[1] % 2) {
    const size_t nl = rest.find('\n');
    header = rest.substr(0, nl);
    rest = nl == std::string::npos ? std::string() : rest.substr(nl + 1);
  }
  const int64_t before = latest(f);

  if (op == 0) {  // sign-in runs argon2id (~0.1 s): the rarest call
    check_answer(f.api->login(rest, "127.0.0.1"));
  } else if (op == 1) {
    check_answer(f.api->refresh(rest));
  } else {
    auto session = f.api->authenticate(header);
    if (!session) {
      check_answer(error_response(session.error()));
      FUZZ_CHECK(latest(f) == before);
      return 0;
    }
    if (op <= 5) {
      ApiResponse r = f.api->push(session.value(), rest);
      check_answer(r);
      if (r.status != 200) FUZZ_CHECK(latest(f) == before);
      else FUZZ_CHECK(parse_push_response(r.body).ok());
    } else {
      ApiResponse r = f.api->pull(session.value(), rest);
      check_answer(r);
      if (r.status == 200) FUZZ_CHECK(parse_pull_response(r.body).ok());
    }
  }
  if (op < 2) FUZZ_CHECK(latest(f) == before);
  return 0;
}
