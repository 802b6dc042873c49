#include "app/pinyin.h"

namespace crm {

// Generated (pinyin_table.cpp in the build folder): one letter or ' ' per code point.
extern const char kPinyinInitials[];
extern const unsigned kPinyinFirst, kPinyinLast;

std::string pinyin_initials(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // Only three-byte sequences can be in U+3400..U+9FFF; anything else is skipped whole.
    if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
      const unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      if (cp >= kPinyinFirst && cp <= kPinyinLast && kPinyinInitials[cp - kPinyinFirst] != ' ')
        out += kPinyinInitials[cp - kPinyinFirst];
      i += 3;
    } else {
      i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF8) == 0xF0 ? 4 : 1;
    }
  }
  return out;
}

}  // namespace crm
