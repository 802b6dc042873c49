// SHA-256 (FIPS 180-4), portable (native and WebAssembly): how attachments are named (their
// content's hash, docs/sync-protocol.md "Attachments"). Streaming, so large files need not be
// held in memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits; the object is spent afterwards.
  std::string hex();

 private:
  void block(const unsigned char* p);
  std::array<uint32_t, 8> h_;
  unsigned char buf_[64];
  size_t used_ = 0;
  uint64_t length_ = 0;  // bytes hashed
};

std::string sha256_hex(std::string_view bytes);

}  // namespace crm
