// Files kept on the device beside the SQLite store (IndexedDB in the browser, not inside the
// database's pages): attachment bytes named by their SHA-256, and the camera or file picker that
// makes them. The app layer orchestrates (app/attachment_transfer.h); the platform implements this
// (client/platform/browser_files.cpp: WebCrypto, canvas, IndexedDB). Every answer arrives later,
// on the main thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"

namespace crm {

// A photo the user took or picked, already resized on the device (long side <= 1600 px, JPEG),
// hashed and stored: only its name and metadata cross into the app.
struct PickedPhoto {
  std::string sha256;     // 64 lower-case hex digits
  std::string mime;       // image/jpeg
  int64_t size = 0;       // bytes
  std::string file_name;  // as picked ("IMG_0042.jpg"), may be empty
  int width = 0, height = 0;
};

inline constexpr int kPhotoLongSidePx = 1600;

class LocalFiles {
 public:
  virtual ~LocalFiles() = default;
  // Opens the camera (phones) or the file picker. Errors: cancelled (the user closed it),
  // unsupported_type (not an image the browser can decode), storage_failed.
  virtual void pick_photo(std::function<void(Result<PickedPhoto>)> done) = 0;
  // Whether the bytes named `sha256` are on the device (answered at once: the host keeps the names).
  virtual bool has(const std::string& sha256) = 0;
  // The whole file. Errors: not_found, storage_failed.
  virtual void read(const std::string& sha256, std::function<void(Result<std::string>)> done) = 0;
  // Stores downloaded bytes under their name, after checking they hash to it. Errors:
  // hash_mismatch (nothing stored), storage_failed.
  virtual void write(const std::string& sha256, std::string bytes, std::function<void(Status)> done) = 0;
  // Forgets every file (a device wiped at sign-out of its user or at revocation).
  virtual void clear() = 0;
};

}  // namespace crm
