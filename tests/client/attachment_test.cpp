// Photos (attachments) through the app layer against a real crm-server (app_fixture.h): a photo
// becomes an attachment record that syncs; its bytes go up after the sync in Content-Range pieces,
// resume after a cut connection from what the server holds, come down on demand on another device
// of the same user (checked against their SHA-256), and are refused to a user outside the record's
// scope.
#include <random>

#include "app_fixture.h"
#include "core/sha256.h"

namespace {

// The device's files as the browser keeps them (IndexedDB), in memory: content-addressed, and a
// write checks the bytes against their name as the browser's WebCrypto check does.
class MemoryFiles final : public LocalFiles {
 public:
  std::map<std::string, std::string> stored;
  std::optional<PickedPhoto> next_photo;  // what the "camera" gives; none: the user cancels

  // A JPEG-looking file of `size` bytes (the server recognises JPEG by its first bytes), stored as
  // the picker would store it; returns its name.
  std::string take(size_t size, uint32_t seed) {
    std::mt19937 gen(seed);
    std::string bytes = "\xFF\xD8\xFF\xE0";
    while (bytes.size() < size) bytes.push_back(static_cast<char>(gen() & 0xFF));
    const std::string sha = sha256_hex(bytes);
    stored[sha] = bytes;
    next_photo = PickedPhoto{sha, "image/jpeg", static_cast<int64_t>(size), "shelf.jpg", 1600, 1200};
    return sha;
  }
  void pick_photo(std::function<void(Result<PickedPhoto>)> done) override {
    if (next_photo) done(*next_photo);
    else done(make_error("cancelled", "no photo taken"));
    next_photo.reset();
  }
  bool has(const std::string& sha) override { return stored.count(sha) > 0; }
  void read(const std::string& sha, std::function<void(Result<std::string>)> done) override {
    auto it = stored.find(sha);
    if (it == stored.end()) done(make_error("not_found", "no such file"));
    else done(it->second);
  }
  void write(const std::string& sha, std::string bytes, std::function<void(Status)> done) override {
    if (sha256_hex(bytes) != sha) return done(make_error("hash_mismatch", "the bytes do not hash to their name"));
    stored[sha] = std::move(bytes);
    done(ok_status());
  }
  void clear() override { stored.clear(); }
};

std::map<std::string, Json> values_of(const ListRow* r) { return r->values; }

}  // namespace

TEST_CASE("App: a photo syncs as a record, its bytes upload in pieces, resume after a cut and download on demand",
          "[client][app][integration][attachments]") {
  LiveServer s;
  s.add_user("carol", "sales");
  MemoryFiles phone_files, laptop_files, carol_files;
  Device phone(s.db("phone"), real_now_ms(), 31);
  phone.platform.local_files = &phone_files;
  phone.sign_in(s.url(), "alice");
  phone.frame();
  const std::string customer = phone.save_customer({{"kind", "company"}, {"name", "Shelf Photo AG"}});

  // Cancelling the camera makes nothing.
  phone.app->add_photo("customer", customer);
  CHECK(phone.app->photo_request().error.code == "cancelled");
  CHECK(phone.app->attachments("customer", customer).empty());

  // 600 KB: three pieces of 256 KiB.
  const std::string sha = phone_files.take(600 * 1000, 5);
  phone.app->add_photo("customer", customer);
  REQUIRE(phone.app->photo_request().error.code.empty());
  auto atts = phone.app->attachments("customer", customer);
  REQUIRE(atts.size() == 1);
  const auto att = values_of(atts[0]);
  CHECK(str(att, "sha256") == sha);
  CHECK(str(att, "mime") == "image/jpeg");
  CHECK(phone.app->file_state(att).kind == FileState::Kind::kWaiting);

  // The connection is cut on the answer to the second piece (the server kept it).
  int puts = 0;
  phone.platform.tamper = [&](const HttpRequest& req, Result<HttpResponse>& r) {
    if (req.method == "PUT" && ++puts == 2) r = make_error("network_error", "connection cut");
  };
  const size_t before = phone.platform.sent.size();
  phone.sync_after_edit();
  CHECK(puts == 2);
  CHECK(phone.app->file_state(att).kind == FileState::Kind::kWaiting);
  CHECK(phone.app->transfer().waiting_uploads() == 1);
  {
    std::vector<std::string> ranges;
    for (size_t i = before; i < phone.platform.sent.size(); ++i)
      if (phone.platform.sent[i].method == "PUT") ranges.push_back(phone.platform.sent[i].content_range);
    CHECK(ranges == std::vector<std::string>{"bytes 0-262143/600000", "bytes 262144-524287/600000"});
  }

  // The next sync resumes from what the server holds: only the last piece is sent.
  phone.platform.tamper = nullptr;
  const size_t resumed = phone.platform.sent.size();
  phone.app->sync_now();
  phone.frame();
  std::vector<std::string> after;
  for (size_t i = resumed; i < phone.platform.sent.size(); ++i)
    if (phone.platform.sent[i].method == "PUT") after.push_back(phone.platform.sent[i].content_range);
  CHECK(after == std::vector<std::string>{"bytes 524288-599999/600000"});
  CHECK(phone.app->file_state(att).kind == FileState::Kind::kLocal);
  CHECK(phone.app->transfer().waiting_uploads() == 0);
  CHECK(phone.app->transfer().last_upload().bytes == 600000);

  // Another device of alice: the attachment record arrives by pull, the bytes on demand.
  Device laptop(s.db("laptop"), real_now_ms(), 32);
  laptop.platform.local_files = &laptop_files;
  laptop.sign_in(s.url(), "alice");
  laptop.frame();
  auto there = laptop.app->attachments("customer", customer);
  REQUIRE(there.size() == 1);
  const auto att2 = values_of(there[0]);
  CHECK(laptop.app->file_state(att2).kind == FileState::Kind::kRemote);
  laptop.app->fetch_file(att2);
  CHECK(laptop.app->file_state(att2).kind == FileState::Kind::kDownloading);
  laptop.platform.deliver_all();
  CHECK(laptop.app->file_state(att2).kind == FileState::Kind::kLocal);
  CHECK(laptop_files.stored[sha] == phone_files.stored[sha]);

  // A download that does not hash to its name is not kept.
  laptop_files.clear();
  laptop.platform.tamper = [](const HttpRequest&, Result<HttpResponse>& r) {
    if (r && r->status == 200) r->body[100] ^= 1;
  };
  laptop.app->fetch_file(att2);
  laptop.platform.deliver_all();
  CHECK(laptop.app->file_state(att2).kind == FileState::Kind::kFailed);
  CHECK(laptop.app->file_state(att2).error == "hash_mismatch");
  CHECK_FALSE(laptop_files.has(sha));

  // Carol (another sales rep) does not see the customer: its bytes are refused to her.
  Device other(s.db("carol"), real_now_ms(), 33);
  other.platform.local_files = &carol_files;
  other.sign_in(s.url(), "carol");
  other.frame();
  CHECK(other.app->attachments("customer", customer).empty());
  other.app->fetch_file(att);
  other.platform.deliver_all();
  CHECK(other.app->file_state(att).kind == FileState::Kind::kFailed);
  CHECK(other.app->file_state(att).error == "forbidden");
  CHECK(carol_files.stored.empty());
}

TEST_CASE("App: uploads waiting for a sync survive a reload of the app", "[client][app][integration][attachments]") {
  LiveServer s;
  MemoryFiles files;
  const std::string db = s.db("phone");
  std::string customer, sha;
  {
    Device phone(db, real_now_ms(), 41);
    phone.platform.local_files = &files;
    phone.sign_in(s.url(), "alice");
    phone.frame();
    customer = phone.save_customer({{"kind", "company"}, {"name", "Offline Photo KG"}});
    sha = files.take(1000, 6);
    phone.app->add_photo("customer", customer);
    CHECK(phone.app->transfer().waiting_uploads() == 1);
    // Offline: nothing goes out before the app is closed.
  }
  Device again(db, real_now_ms(), 42);
  again.platform.local_files = &files;
  CHECK(again.app->transfer().waiting_uploads() == 1);
  again.app->sync_now();
  again.frame();
  CHECK(again.app->transfer().waiting_uploads() == 0);
  auto att = again.app->attachments("customer", customer);
  REQUIRE(att.size() == 1);
  CHECK(again.app->file_state(att[0]->values).kind == FileState::Kind::kLocal);
}
