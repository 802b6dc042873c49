// Which passwords a new or changed account may have: at least 8 characters, not the user name
// and not containing it, and not a common password. Common means: in the word list of Debian's
// cracklib-runtime (/usr/share/dict/cracklib-small, 54,763 words and known passwords; installed
// by scripts/setup.sh), also after lower-casing and stripping the digits and symbols people
// append ("Password123!" is "password"), or a keyboard run, a digit or letter sequence or one
// character repeated ("12345678", "qwertyui", "aaaaaaaa").
#pragma once

#include <string>

#include "core/result.h"

namespace crm::server {

inline constexpr const char* kCommonPasswordsFile = "/usr/share/dict/cracklib-small";

// Errors: weak_password (field "password"), with the reason in the message.
Status check_password_policy(const std::string& password, const std::string& username);

// Whether the list could be read (the policy still refuses sequences and the user name without).
bool common_password_list_loaded();

}  // namespace crm::server
