#include "app/saved_filters.h"

namespace crm {

std::string saved_filters_key(const std::string& user, const std::string& entity) {
  return "setting.filters." + user + "." + entity;
}

std::vector<SavedFilter> parse_saved_filters(const std::string& text) {
  std::vector<SavedFilter> out;
  try {
    const Json all = Json::parse(text);
    for (const auto& j : all) {
      SavedFilter f;
      f.name = j.at("name").get<std::string>();
      f.query.search = j.value("search", "");
      f.query.sort = j.value("sort", "");
      f.query.descending = j.value("descending", false);
      if (j.contains("equals")) f.query.equals = j.at("equals").get<std::map<std::string, std::string>>();
      if (j.contains("ranges"))
        for (const auto& [field, r] : j.at("ranges").items())
          f.query.ranges[field] = {r.at(0).get<std::string>(), r.at(1).get<std::string>()};
      if (!f.name.empty()) out.push_back(std::move(f));
    }
  } catch (const std::exception&) {
    return {};
  }
  return out;
}

std::string dump_saved_filters(const std::vector<SavedFilter>& filters) {
  Json all = Json::array();
  for (const auto& f : filters) {
    Json ranges = Json::object();
    for (const auto& [field, r] : f.query.ranges) ranges[field] = Json::array({r.first, r.second});
    all.push_back({{"name", f.name}, {"search", f.query.search}, {"sort", f.query.sort},
                   {"descending", f.query.descending}, {"equals", f.query.equals}, {"ranges", ranges}});
  }
  return all.dump();
}

void put_filter(std::vector<SavedFilter>& filters, SavedFilter f) {
  for (auto& existing : filters)
    if (existing.name == f.name) {
      existing = std::move(f);
      return;
    }
  filters.push_back(std::move(f));
}

}  // namespace crm
