// SHA-256 (core/sha256.h, libsodium) against the FIPS 180-4 examples, and the same digest
// whatever the pieces the bytes are fed in (an upload hashed as it arrives). Native only, so it is
// not among the core tests that are also built for WebAssembly.
#include "core/sha256.h"

#include <catch2/catch.hpp>

using namespace crm;

TEST_CASE("SHA-256 gives the standard digests", "[core][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 fed in pieces equals SHA-256 of the whole", "[core][sha256]") {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += static_cast<char>(i * 7 + 3);
  const std::string whole = sha256_hex(bytes);
  for (size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 999u}) {
    Sha256 h;
    for (size_t at = 0; at < bytes.size(); at += piece) h.update(std::string_view(bytes).substr(at, piece));
    CHECK(h.hex() == whole);
  }
}
