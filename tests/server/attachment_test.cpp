// Attachments against the real server (docs/sync-protocol.md, "Attachments"): bytes uploaded by
// crm-cli in pieces and downloaded whole, refused when too large, of another type or not matching
// their hash, readable only by users who see the record, resumed after a cut connection, stored
// once per content with private file modes.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/sha256.h"
#include "raw_http.h"
#include "server_fixture.h"

using namespace crm::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// A JPEG as far as sniffing goes (its magic bytes), then `n` random bytes.
std::string fake_jpeg(size_t n, unsigned seed) {
  std::string out = "\xFF\xD8\xFF\xE0";
  std::mt19937 rng(seed);
  for (size_t i = 0; i < n; ++i) out += static_cast<char>(rng() & 0xff);
  return out;
}

std::string write_file(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.path() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string path_of(const std::string& sha, const std::string& entity, const std::string& id,
                    const std::string& suffix = {}) {
  return "/api/v1/attachments/" + sha + suffix + "?entity=" + entity + "&id=" + id;
}

httplib::Result put(LiveServer& s, const std::string& token, const std::string& path, const std::string& body,
                    const std::string& range = {}) {
  auto c = s.http();
  httplib::Headers h = {{"Authorization", "Bearer " + token}};
  if (!range.empty()) h.emplace("Content-Range", range);
  return c.Put(path.c_str(), h, body, "application/octet-stream");
}

httplib::Result get(LiveServer& s, const std::string& token, const std::string& path) {
  auto c = s.http();
  return c.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
}

std::string code_of(const httplib::Result& r) {
  REQUIRE(r);
  return json::parse(r->body).value("code", std::string());
}

// Files under attachments/ that are complete attachments (not uploads in progress).
int stored_files(const std::string& data) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(data + "/attachments"))
    if (e.is_regular_file() && e.path().parent_path().filename() != "partial") ++n;
  return n;
}

// alice (sales) owns customer 1 and 2; bob (sales) owns nothing of hers.
struct AttachmentWorld {
  LiveServer s;
  std::unique_ptr<RawDevice> alice;
  std::string bob_token;

  explicit AttachmentWorld(std::vector<std::string> server_args = {}) {
    s.add_user("bob");
    if (!server_args.empty()) {
      REQUIRE(s.server->terminate() == 0);
      s.server = std::make_unique<ServerProcess>(s.data, server_args);
    }
    alice = std::make_unique<RawDevice>(s, "dev-alice", "alice");
    for (int i : {1, 2})
      alice->write("customer", id_n(i), {{"kind", "company"}, {"name", "Shop " + std::to_string(i)}, {"owner", "alice"}});
    bob_token = s.token("dev-bob", "bob");
    s.login("alice-cli", "alice");
    s.login("bob-cli", "bob");
  }
};

}  // namespace

TEST_CASE("Attachments: uploaded in pieces, downloaded whole, stored once per content, private modes",
          "[server][attachments]") {
  const mode_t old = ::umask(022);
  AttachmentWorld w;
  const std::string photo = fake_jpeg(300 * 1024, 1), sha = crm::sha256_hex(photo);
  const std::string file = write_file(w.s.dir, "shelf.jpg", photo);

  const std::string out = w.s.cli_ok("alice-cli", {"attach", "customer", id_n(1), file, "--piece-kb", "64"});
  CHECK(out.find("attached " + sha) != std::string::npos);
  CHECK(out.find("image/jpeg") != std::string::npos);

  // Back whole, byte for byte, through crm-cli (which checks the hash) and plain HTTP.
  const std::string copy = w.s.dir.path() + "/copy.jpg";
  w.s.cli_ok("alice-cli", {"fetch-attachment", "customer", id_n(1), sha, copy});
  CHECK(read_file(copy) == photo);
  auto res = get(w.s, w.alice->token, path_of(sha, "customer", id_n(1)));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "image/jpeg");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(res->body == photo);

  // The record's list names it.
  auto list = json::parse(w.s.cli_ok("alice-cli", {"attachments", "customer", id_n(1)}));
  REQUIRE(list["attachments"].size() == 1);
  CHECK(list["attachments"][0]["sha256"] == sha);
  CHECK(list["attachments"][0]["size"] == photo.size());
  CHECK(list["attachments"][0]["uploaded_by"] == "alice");

  // The same content for a second record, whole in one PUT: one file on disk.
  res = put(w.s, w.alice->token, path_of(sha, "customer", id_n(2)), photo);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["complete"] == true);
  CHECK(stored_files(w.s.data) == 1);

  // Another record's attachment is not this record's: 404.
  const std::string other = crm::sha256_hex("something else");
  CHECK(get(w.s, w.alice->token, path_of(other, "customer", id_n(1)))->status == 404);
  CHECK(code_of(get(w.s, w.alice->token, path_of(other, "customer", id_n(1)))) == "not_found");

  const std::string stored = w.s.data + "/attachments/" + sha.substr(0, 2) + "/" + sha.substr(2);
  CHECK(mode_of(w.s.data + "/attachments") == 0700);
  CHECK(mode_of(w.s.data + "/attachments/" + sha.substr(0, 2)) == 0700);
  CHECK(mode_of(w.s.data + "/attachments/partial") == 0700);
  CHECK(mode_of(stored) == 0600);
  CHECK(read_file(stored) == photo);
  CHECK(fs::is_empty(w.s.data + "/attachments/partial"));  // no half files left behind
  ::umask(old);
}

TEST_CASE("Attachments: a user outside the record's scope gets 403 for its bytes, list and upload",
          "[server][attachments]") {
  AttachmentWorld w;
  const std::string photo = fake_jpeg(10 * 1024, 2), sha = crm::sha256_hex(photo);
  REQUIRE(put(w.s, w.alice->token, path_of(sha, "customer", id_n(1)), photo)->status == 200);

  auto r = w.s.cli("bob-cli", {"fetch-attachment", "customer", id_n(1), sha, w.s.dir.path() + "/stolen.jpg"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("forbidden") != std::string::npos);
  CHECK_FALSE(fs::exists(w.s.dir.path() + "/stolen.jpg"));
  auto res = get(w.s, w.bob_token, path_of(sha, "customer", id_n(1)));
  CHECK(res->status == 403);
  CHECK(code_of(res) == "forbidden");
  CHECK(get(w.s, w.bob_token, "/api/v1/attachments?entity=customer&id=" + id_n(1))->status == 403);
  CHECK(get(w.s, w.bob_token, path_of(sha, "customer", id_n(1), "/status"))->status == 403);
  res = put(w.s, w.bob_token, path_of(sha, "customer", id_n(1)), photo);
  CHECK(res->status == 403);
  CHECK(code_of(res) == "forbidden");
  // No token: 401; a record the server does not hold: 404.
  CHECK(w.s.http().Get(path_of(sha, "customer", id_n(1)).c_str())->status == 401);
  CHECK(code_of(put(w.s, w.alice->token, path_of(sha, "customer", id_n(99)), photo)) == "not_found");
}

TEST_CASE("Attachments: too large (413), other types (415), a hash mismatch (400), bad names and ranges",
          "[server][attachments]") {
  AttachmentWorld w({"--max-attachment-mb", "1"});
  const std::string& token = w.alice->token;
  const std::string big = fake_jpeg(1024 * 1024 + 10, 3);
  // Whole: refused by its Content-Length before the body is read.
  auto res = put(w.s, token, path_of(crm::sha256_hex(big), "customer", id_n(1)), big);
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(code_of(res) == "too_large");
  // In pieces: refused by the total the first piece declares.
  res = put(w.s, token, path_of(crm::sha256_hex(big), "customer", id_n(1)), big.substr(0, 1000),
            "bytes 0-999/" + std::to_string(big.size()));
  CHECK(res->status == 413);
  CHECK(code_of(res) == "too_large");

  for (const std::string& bytes : {std::string("just some text, not a photo"), std::string("GIF89a\x01\x00\x01\x00")}) {
    res = put(w.s, token, path_of(crm::sha256_hex(bytes), "customer", id_n(1)), bytes);
    CHECK(res->status == 415);
    CHECK(code_of(res) == "unsupported_type");
  }
  // PNG, WebP and PDF are accepted, by their leading bytes.
  for (const std::string& bytes : {std::string("\x89PNG\r\n\x1A\n....", 12), std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16),
                                   std::string("%PDF-1.7\n%\xE2\xE3\n")}) {
    res = put(w.s, token, path_of(crm::sha256_hex(bytes), "customer", id_n(1)), bytes);
    INFO(res->body);
    CHECK(res->status == 200);
  }

  const std::string photo = fake_jpeg(5000, 4);
  res = put(w.s, token, path_of(crm::sha256_hex("other bytes"), "customer", id_n(1)), photo);
  CHECK(res->status == 400);
  CHECK(code_of(res) == "hash_mismatch");
  CHECK(fs::is_empty(w.s.data + "/attachments/partial"));

  CHECK(code_of(put(w.s, token, path_of("ABC", "customer", id_n(1)), photo)) == "invalid_hash");
  CHECK(code_of(put(w.s, token, path_of(crm::sha256_hex(photo), "customer", id_n(1)), photo, "bytes 5-1/5000")) ==
        "bad_range");
  CHECK(code_of(put(w.s, token, path_of(crm::sha256_hex(photo), "nothing", id_n(1)), photo)) == "unknown_entity");
}

TEST_CASE("Attachments: an upload cut mid-piece resumes from the last piece the server holds",
          "[server][attachments]") {
  AttachmentWorld w;
  const std::string photo = fake_jpeg(200 * 1024, 5), sha = crm::sha256_hex(photo);
  const std::string total = std::to_string(photo.size());
  const std::string path = path_of(sha, "customer", id_n(1));
  // The first piece arrives.
  auto res = put(w.s, w.alice->token, path, photo.substr(0, 65536), "bytes 0-65535/" + total);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["received"] == 65536);
  // The second is cut: its header and part of its body, then the connection drops.
  {
    RawConnection c(w.s.server->port());
    REQUIRE(c.send("PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + w.alice->token +
                   "\r\nContent-Range: bytes 65536-131071/" + total + "\r\nContent-Length: 65536\r\n\r\n" +
                   photo.substr(65536, 20000)));
  }
  // The server kept only the whole piece, and says so.
  for (int i = 0; i < 50; ++i) {
    res = get(w.s, w.alice->token, path_of(sha, "customer", id_n(1), "/status"));
    REQUIRE(res);
    if (json::parse(res->body)["received"] == 65536) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(json::parse(res->body)["received"] == 65536);
  CHECK(json::parse(res->body)["complete"] == false);
  // A piece that does not continue the upload is refused, with what the server holds.
  res = put(w.s, w.alice->token, path, photo.substr(70000, 100), "bytes 70000-70099/" + total);
  CHECK(res->status == 409);
  CHECK(code_of(res) == "offset_mismatch");
  // crm-cli asks, continues from there, and the result is whole.
  const std::string out = w.s.cli_ok(
      "alice-cli", {"attach", "customer", id_n(1), write_file(w.s.dir, "p.jpg", photo), "--piece-kb", "64"});
  CHECK(out.find("resuming at byte 65536") != std::string::npos);
  CHECK(out.find("attached " + sha) != std::string::npos);
  res = get(w.s, w.alice->token, path);
  CHECK(res->body == photo);
  res = get(w.s, w.alice->token, path_of(sha, "customer", id_n(1), "/status"));
  CHECK(json::parse(res->body)["complete"] == true);
  // Attaching again is a no-op.
  CHECK(w.s.cli_ok("alice-cli", {"attach", "customer", id_n(1), w.s.dir.path() + "/p.jpg"}).find("already attached") !=
        std::string::npos);
}

TEST_CASE("Attachments: crm-server backup copies the files its links name, restore puts them back",
          "[server][attachments][backup]") {
  AttachmentWorld w;
  const std::string photo = fake_jpeg(200 * 1024, 7), sha = crm::sha256_hex(photo);
  w.s.cli_ok("alice-cli", {"attach", "customer", id_n(1), write_file(w.s.dir, "p.jpg", photo)});
  const std::string backup = w.s.dir.path() + "/backup.db";
  const std::string copied = backup + ".attachments/" + sha.substr(0, 2) + "/" + sha.substr(2);

  // Online, while the server runs.
  auto r = run_command({server_binary(), "backup", "--data", w.s.data, "--out", backup});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("attachments: 1 files") != std::string::npos);
  CHECK(read_file(copied) == photo);
  CHECK(mode_of(copied) == 0600);
  CHECK(mode_of(backup + ".attachments") == 0700);
  // Again to the same place: the file is there already and is not copied again.
  r = run_command({server_binary(), "backup", "--data", w.s.data, "--out", backup});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("(0 copied now") != std::string::npos);

  // The data folder loses its files; restore (server stopped) brings them back.
  REQUIRE(w.s.server->terminate() == 0);
  fs::remove_all(w.s.data + "/attachments/" + sha.substr(0, 2));
  r = run_command({server_binary(), "restore", "--data", w.s.data, "--from", backup});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("attachments: 1 files restored") != std::string::npos);
  w.s.server = std::make_unique<ServerProcess>(w.s.data);
  auto res = get(w.s, w.alice->token, path_of(sha, "customer", id_n(1)));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == photo);

  // A damaged file in the backup is refused, not restored.
  REQUIRE(w.s.server->terminate() == 0);
  fs::remove_all(w.s.data + "/attachments/" + sha.substr(0, 2));
  {
    std::string bad = photo;
    bad[1000] ^= 1;
    fs::permissions(copied, fs::perms::owner_read | fs::perms::owner_write);
    std::ofstream(copied, std::ios::binary | std::ios::trunc) << bad;
  }
  r = run_command({server_binary(), "restore", "--data", w.s.data, "--from", backup});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("corrupt_backup") != std::string::npos);
  CHECK_FALSE(fs::exists(w.s.data + "/attachments/" + sha.substr(0, 2) + "/" + sha.substr(2)));
}

TEST_CASE("Attachments: uploads abandoned for a day are dropped at start-up", "[server][attachments]") {
  AttachmentWorld w;
  const std::string photo = fake_jpeg(100 * 1024, 9), sha = crm::sha256_hex(photo);
  // Half an upload, then the device goes away.
  auto res = put(w.s, w.alice->token, path_of(sha, "customer", id_n(1)), photo.substr(0, 50 * 1024),
                 "bytes 0-51199/" + std::to_string(photo.size()));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string partial = w.s.data + "/attachments/partial";
  auto parts = [&] {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(partial)) out.push_back(e.path().string());
    return out;
  };
  REQUIRE(parts().size() == 1);
  // A restart keeps a fresh one (the device may come back and resume)...
  w.s.restart();
  REQUIRE(parts().size() == 1);
  // ...but not one untouched for more than a day.
  REQUIRE(w.s.server->terminate() == 0);
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(25);
  fs::last_write_time(parts()[0], old);
  w.s.server = std::make_unique<ServerProcess>(w.s.data);
  CHECK(parts().empty());
  // The server still answers the status: nothing held, start from 0.
  res = get(w.s, w.alice->token, path_of(sha, "customer", id_n(1), "/status"));
  REQUIRE(res);
  CHECK(json::parse(res->body)["received"] == 0);
}
