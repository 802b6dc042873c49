// Names typed by users (user names, device names, audit values) end up in terminal listings.
// Control characters in them could rewrite what an admin sees (a newline forging a row, an escape
// sequence moving the cursor), so the API refuses them in names and every listing escapes them.
#pragma once

#include <string>

namespace crm::server {

// C0 controls, DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
bool has_control_characters(const std::string& s);

// `s` with each control character as \xNN (C1 as \u00NN) and backslashes doubled.
std::string printable(const std::string& s);

}  // namespace crm::server
