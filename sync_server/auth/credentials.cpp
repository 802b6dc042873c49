#include "auth/credentials.h"

#include <sodium.h>

#include <semaphore>


namespace crm::server {
namespace {

// Each argon2id hash or check takes 64 MiB for a moment. Without a bound, a burst of sign-ins
// (or a password-guessing flood) multiplies that by the number of server threads.
std::counting_semaphore<2> argon2_slots(2);

struct Argon2Slot {
  Argon2Slot() { argon2_slots.acquire(); }
  ~Argon2Slot() { argon2_slots.release(); }
};

std::string to_hex(const unsigned char* p, size_t n) {
  std::string out(n * 2, '\0');
  sodium_bin2hex(out.data(), out.size() + 1, p, n);
  return out;
}

}  // namespace

Status init_crypto() {
  if (sodium_init() < 0) return make_error("crypto_unavailable", "libsodium could not be initialised");
  return ok_status();
}

Result<std::string> hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  Argon2Slot slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error("out_of_memory", "not enough memory to hash the password");
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  Argon2Slot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy_password(const std::string& password) {
  static const std::string dummy = hash_password("not-a-real-password").value();
  (void)verify_password(dummy, password);
}

std::string new_token() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return to_hex(buf, sizeof buf);
}

std::string token_hash(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return to_hex(out, sizeof out);
}

}  // namespace crm::server
