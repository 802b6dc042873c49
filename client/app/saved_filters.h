// Saved filters: a list's search, filters and order under a name the user gave, kept per user on
// this device (the store's meta table, under a key that survives a change of user like the
// other settings), so that "my A-grade prospects in Shanghai" is one tap away. Portable.
#pragma once

#include <string>
#include <vector>

#include "views/record_list_view.h"

namespace crm {

struct SavedFilter {
  std::string name;
  ListQuery query;
  bool operator==(const SavedFilter&) const = default;
};

// The meta key of `user`'s filters for `entity`.
std::string saved_filters_key(const std::string& user, const std::string& entity);
// Text as stored; unreadable text (an older or damaged entry) gives no filters rather than an error.
std::vector<SavedFilter> parse_saved_filters(const std::string& text);
std::string dump_saved_filters(const std::vector<SavedFilter>& filters);
// Adds `f`, replacing a filter of the same name.
void put_filter(std::vector<SavedFilter>& filters, SavedFilter f);

}  // namespace crm
