// What the fuzz targets share: FUZZ_CHECK aborts with a message when an invariant fails (libFuzzer
// then saves the input as a crash), and the error codes each decoder documents.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "core/result.h"

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace crm::fuzz {

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// An error a caller can cause: a documented code and a message a person can read.
inline bool is_one_of(const Error& e, std::initializer_list<const char*> codes) {
  if (e.message.empty()) return false;
  for (const char* c : codes)
    if (e.code == c) return true;
  std::fprintf(stderr, "unexpected error code %s: %s\n", e.code.c_str(), e.message.c_str());
  return false;
}

}  // namespace crm::fuzz
