// Native TLS (crm-server serve --tls-cert FILE --tls-key FILE) against the real server, with a
// throwaway self-signed certificate made by openssl for 127.0.0.1: sign-in, push and pull over
// HTTPS with the certificate checked; plain HTTP and an untrusted client refused; bad key files
// stop the server at start with a clear error.
#include <catch2/catch.hpp>

#include "raw_http.h"
#include "server_fixture.h"

using namespace crm;
using namespace crm::test;
using nlohmann::json;

namespace {

struct Certificate {
  std::string cert, key;
};

Certificate make_certificate(const TempDir& dir) {
  Certificate c{dir.path() + "/cert.pem", dir.path() + "/key.pem"};
  auto r = run_command({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", c.key, "-out", c.cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return c;
}

}  // namespace

TEST_CASE("Native TLS: the API over HTTPS with a checked certificate; plain HTTP refused", "[server][tls]") {
  LiveServer s;
  const Certificate c = make_certificate(s.dir);
  REQUIRE(s.server->terminate() == 0);
  s.server = std::make_unique<ServerProcess>(s.data, std::vector<std::string>{"--tls-cert", c.cert, "--tls-key", c.key});

  httplib::SSLClient https("127.0.0.1", s.server->port());
  https.set_ca_cert_path(c.cert.c_str());
  https.enable_server_certificate_verification(true);
  auto res = https.Get("/api/v1/health");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["status"] == "ok");

  res = https.Post("/api/v1/login",
                   json{{"protocol", 1}, {"username", "alice"}, {"password", kPassword}, {"device_id", "dev-tls"}}.dump(),
                   "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string token = json::parse(res->body)["token"];
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  RecordState st;
  st.entity = "customer";
  st.id = id_n(1);
  apply_local_write(st, "dev-tls", HlcStamp{1763000000000, 0}, {{"kind", "company"}, {"name", "Secure Ltd"}});
  res = https.Post("/api/v1/push", auth, json{{"protocol", 1}, {"records", json::array({encode_record(st)})}}.dump(),
                   "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  res = https.Post("/api/v1/pull", auth, json{{"protocol", 1}, {"cursor", 0}, {"limit", 100}}.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.find("Secure Ltd") != std::string::npos);

  // Plain HTTP on the TLS port gets no HTTP answer: the handshake fails and the server closes.
  RawConnection plain(s.server->port());
  REQUIRE(plain.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(status_of(plain.read_all(3000)) == 0);
  // A client that does not trust the certificate does not connect.
  httplib::SSLClient untrusting("127.0.0.1", s.server->port());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path((s.dir.path() + "/none.pem").c_str());
  CHECK_FALSE(untrusting.Get("/api/v1/health"));
  // The server still serves after both.
  res = https.Get("/api/v1/health");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("Native TLS: a missing key or certificate stops the server at start with a clear error", "[server][tls]") {
  TempDir dir;
  const Certificate c = make_certificate(dir);
  const std::string data = dir.path() + "/server";
  auto r = run_command({server_binary(), "serve", "--data", data, "--port", "0", "--tls-cert", c.cert, "--tls-key",
                        dir.path() + "/missing.pem"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("tls_failed") != std::string::npos);
  r = run_command({server_binary(), "serve", "--data", data, "--port", "0", "--tls-cert", c.cert});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("--tls-key") != std::string::npos);
}
