// The device's files in the browser (app/local_files.h): the camera or file picker, resizing,
// WebCrypto hashing and the IndexedDB `photos` store live in web/crm_files.js (CrmFiles); this
// forwards each call there and takes its answers (browser_exports.cpp). Also decodes thumbnails
// for the UI's textures. Wasm only.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "app/local_files.h"

namespace crm {

class BrowserFiles final : public LocalFiles {
 public:
  void pick_photo(std::function<void(Result<PickedPhoto>)> done) override;
  bool has(const std::string& sha256) override;
  void read(const std::string& sha256, std::function<void(Result<std::string>)> done) override;
  void write(const std::string& sha256, std::string bytes, std::function<void(Status)> done) override;
  void clear() override;
  // A stored photo scaled to fit px x px, as RGBA rows (w x h; 0 x 0 when it cannot be decoded).
  // `rgba` is valid during the call only.
  using ThumbnailDone = std::function<void(int w, int h, const unsigned char* rgba)>;
  void thumbnail(const std::string& sha256, int px, ThumbnailDone done);

  // Answers arriving from JavaScript.
  void photo_picked(int id, bool ok, const char* sha, double size, const char* name, int w, int h, const char* code);
  void read_done(int id, bool ok, const char* bytes, size_t length, const char* code);
  void write_done(int id, const char* code);
  void thumbnail_done(int id, int w, int h, const unsigned char* rgba);

 private:
  int next_id_ = 1;
  std::map<int, std::function<void(Result<PickedPhoto>)>> picks_;
  std::map<int, std::function<void(Result<std::string>)>> reads_;
  std::map<int, std::function<void(Status)>> writes_;
  std::map<int, ThumbnailDone> thumbnails_;
};

BrowserFiles& browser_files();

}  // namespace crm
