// Password hashing (argon2id, libsodium) and bearer tokens. Tokens are 256 random bits, given to
// the client once; the server stores only their BLAKE2b hash.
#pragma once

#include <string>

#include "core/result.h"

namespace crm::server {

// Must be called once before any other function here. Errors: crypto_unavailable.
Status init_crypto();

Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// Spends the same time as a real verification, for unknown users.
void verify_dummy_password(const std::string& password);

std::string new_token();
std::string token_hash(const std::string& token);

}  // namespace crm::server
