// UTF-8 to code points and back, for text rules that compare letters rather than bytes (name
// matching across Latin, Chinese and Cyrillic). Malformed bytes decode to U+FFFD, so a damaged
// value still compares (and never matches a clean one by accident).
#pragma once

#include <string>
#include <string_view>

namespace crm {

std::u32string utf8_decode(std::string_view text);
std::string utf8_encode(std::u32string_view text);

// Lower case for the scripts our users write names in: ASCII, Latin-1 and Latin Extended-A,
// Greek and Cyrillic; full-width ASCII (ＡＢＣ１２３) folded to ASCII first. Other code points
// (CJK has no case) are returned as they are.
char32_t fold_case(char32_t c);

}  // namespace crm
