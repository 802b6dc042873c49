#include "auth/password_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <unordered_set>

#include "model/validation.h"

namespace crm::server {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::unordered_set<std::string>& common_words() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> w;
    std::ifstream in(kCommonPasswordsFile);
    if (!in) {
      std::fprintf(stderr, "crm-server: warning: %s is missing (install cracklib-runtime): common passwords are "
                           "not refused\n", kCommonPasswordsFile);
      return w;
    }
    std::string line;
    while (std::getline(in, line))
      if (line.size() >= 4) w.insert(lower(line));
    return w;
  }();
  return words;
}

// Each character one step from the previous along a run ("abcd", "4321", "qwer"), or equal.
bool is_run(const std::string& s) {
  static const std::string rows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"};
  if (std::all_of(s.begin(), s.end(), [&](char c) { return c == s[0]; })) return true;
  for (const auto& row : rows) {
    std::string rev(row.rbegin(), row.rend());
    for (const auto& r : {row, rev}) {
      // s is a run when each character follows the previous one in r (wrapping allowed).
      bool ok = true;
      for (size_t i = 1; i < s.size() && ok; ++i) {
        const size_t at = r.find(s[i - 1]);
        ok = at != std::string::npos && r[(at + 1) % r.size()] == s[i];
      }
      if (ok) return true;
    }
  }
  return false;
}

}  // namespace

bool common_password_list_loaded() { return !common_words().empty(); }

Status check_password_policy(const std::string& password, const std::string& username) {
  auto weak = [](const std::string& why) { return make_error("weak_password", why, "password"); };
  if (utf8_length(password) < 8) return weak("the password must have at least 8 characters");
  const std::string p = lower(password), name = lower(username);
  if (!name.empty() && p.find(name) != std::string::npos)
    return weak("the password must not contain the user name");
  if (is_run(p)) return weak("the password is a sequence or a repeated character; choose one that is hard to guess");
  // The word under the digits and symbols people put around it.
  std::string core = p;
  while (!core.empty() && !std::isalpha(static_cast<unsigned char>(core.back()))) core.pop_back();
  while (!core.empty() && !std::isalpha(static_cast<unsigned char>(core.front()))) core.erase(0, 1);
  const auto& words = common_words();
  if (words.count(p) || (core.size() >= 4 && words.count(core)))
    return weak("the password is on a list of common passwords; choose one that is hard to guess");
  return ok_status();
}

}  // namespace crm::server
