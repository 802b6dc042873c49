// Fuzzes the other parsers of the sync protocol (shared/sync/protocol.h): login, pull and push
// answers as a client reads them, login and pull requests as the server reads them, and error
// bodies. None may crash or throw; each reports only its documented error codes.
#include "fuzz_check.h"
#include "sync/protocol.h"

using namespace crm;
using crm::fuzz::is_one_of;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body = fuzz::text(data, size);

  if (auto r = parse_login_response(body); r) FUZZ_CHECK(!r->token.empty());
  else FUZZ_CHECK(is_one_of(r.error(), {"bad_response"}));

  if (auto r = parse_push_response(body); !r) FUZZ_CHECK(is_one_of(r.error(), {"bad_response"}));

  if (auto r = parse_pull_response(body); r) {
    FUZZ_CHECK(r->records.size() < size);  // each record takes several bytes
  } else {
    FUZZ_CHECK(is_one_of(r.error(), {"bad_response"}));
  }

  auto msg = parse_message(body);
  if (!msg) {
    FUZZ_CHECK(is_one_of(msg.error(), {"malformed_json", "wrong_type", "protocol_mismatch"}));
  } else {
    FUZZ_CHECK(msg->is_object());
    if (auto login = parse_login_request(msg.value()); login) {
      FUZZ_CHECK(!login->device_id.empty() && login->device_id.size() <= 64);
    } else {
      FUZZ_CHECK(is_one_of(login.error(), {"wrong_type", "too_long"}));
    }
    if (auto pull = parse_pull_request(msg.value()); pull) {
      FUZZ_CHECK(pull->cursor >= 0 && pull->limit >= 1 && pull->limit <= kMaxPullLimit);
    } else {
      FUZZ_CHECK(is_one_of(pull.error(), {"wrong_type"}));
    }
  }

  const Error e = parse_error_body(400, body);
  FUZZ_CHECK(!e.code.empty());
  return 0;
}
