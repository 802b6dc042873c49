// Pinyin initials of Chinese text, for search: "王芳" -> "wf", so a sales person finds a customer
// by typing the first letters of its name's syllables, as Chinese CRMs allow. The table is
// generated at build time (scripts/gen_pinyin_initials.py) from the Unihan database in Debian's
// unicode-data package (each character's most common Mandarin reading, kMandarin); characters
// with several readings take that one. Other text contributes nothing.
#pragma once

#include <string>
#include <string_view>

namespace crm {

// The initials of the Chinese characters in `utf8`, in order, lower-case ASCII; "" if none.
std::string pinyin_initials(std::string_view utf8);

}  // namespace crm
