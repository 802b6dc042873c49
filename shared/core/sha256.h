// SHA-256, how attachments are named (their content's hash, docs/sync-protocol.md
// "Attachments"), from libsodium. Native builds only (server, crm-cli, tests): the browser hashes
// with WebCrypto on its side of the platform layer. Streaming, so large files need not be held in
// memory.
#pragma once

#include <sodium.h>

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
  crypto_hash_sha256_state state_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace crm
