#include "crdt/record_codec.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace crm {
namespace {

Error bad(const std::string& msg) { return make_error("malformed_record", msg); }

}  // namespace

Error too_many_fields(const RecordLimits& limits) {
  return bad("a record may have at most " + std::to_string(limits.max_fields) + " fields");
}

Error too_many_writes(const std::string& field, const RecordLimits& limits) {
  return bad("field '" + field + "' may hold at most " + std::to_string(limits.max_writes_per_field) + " writes");
}

Error too_many_vv_entries(const RecordLimits& limits) {
  return bad("vv may have at most " + std::to_string(limits.max_vv_entries) + " replicas");
}

bool has_duplicate_dot(const std::vector<FieldWrite>& writes) {
  if (writes.size() < 2) return false;
  std::vector<const Dot*> dots;
  dots.reserve(writes.size());
  for (const auto& w : writes) dots.push_back(&w.dot);
  auto less = [](const Dot* a, const Dot* b) { return std::tie(a->replica, a->counter) < std::tie(b->replica, b->counter); };
  std::sort(dots.begin(), dots.end(), less);
  for (size_t i = 1; i < dots.size(); ++i)
    if (*dots[i - 1] == *dots[i]) return true;
  return false;
}

bool is_non_negative_integer(const Json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
}

Json encode_vv(const VersionVector& vv) {
  Json j = Json::object();
  for (const auto& [k, v] : vv.entries()) j[k] = v;
  return j;
}

Result<VersionVector> decode_vv(const Json& j, const RecordLimits& limits) {
  if (!j.is_object()) return bad("vv must be an object of replica id -> counter");
  if (j.size() > limits.max_vv_entries) return too_many_vv_entries(limits);
  VersionVector::Map m;
  for (const auto& [k, v] : j.items()) {
    if (k.empty() || k.size() > kMaxReplicaIdLength) return bad("vv has an invalid replica id");
    if (!is_non_negative_integer(v) || v.get<uint64_t>() > kMaxWireInteger)
      return bad("vv counters must be non-negative integers");
    m[k] = v.get<uint64_t>();
  }
  return VersionVector(std::move(m));
}

Json encode_fields(const RecordState& state) {
  Json fields = Json::object();
  for (const auto& [name, writes] : state.fields) {
    Json arr = Json::array();
    for (const auto& w : writes) {
      Json o = {{"v", w.value}, {"r", w.dot.replica}, {"c", w.dot.counter}, {"t", w.hlc.ms}};
      if (w.hlc.logical) o["l"] = w.hlc.logical;
      arr.push_back(std::move(o));
    }
    fields[name] = std::move(arr);
  }
  return fields;
}

Status decode_fields(Json j, RecordState& state, const RecordLimits& limits) {
  if (!j.is_object()) return bad("fields must be an object");
  if (j.size() > limits.max_fields) return too_many_fields(limits);
  for (auto& [name, arr] : j.items()) {
    if (!arr.is_array() || arr.empty()) return bad("field '" + name + "' must be a non-empty array of writes");
    if (arr.size() > limits.max_writes_per_field) return too_many_writes(name, limits);
    std::vector<FieldWrite> writes;
    writes.reserve(arr.size());
    for (auto& o : arr) {
      if (!o.is_object()) return bad("field '" + name + "': each write must be an object");
      auto v = o.find("v"), r = o.find("r"), c = o.find("c"), t = o.find("t"), l = o.find("l");
      if (v == o.end() || r == o.end() || c == o.end() || t == o.end())
        return bad("field '" + name + "': a write needs v, r, c and t");
      if (!r->is_string() || r->get_ref<const std::string&>().empty() ||
          r->get_ref<const std::string&>().size() > kMaxReplicaIdLength)
        return bad("field '" + name + "': r must be a replica id");
      if (!is_non_negative_integer(*c) || c->get<uint64_t>() == 0 || c->get<uint64_t>() > kMaxWireInteger)
        return bad("field '" + name + "': c must be a positive integer");
      if (!is_non_negative_integer(*t) || t->get<uint64_t>() > kMaxWireInteger) return bad("field '" + name + "': t must be Unix milliseconds");
      if (l != o.end() && (!is_non_negative_integer(*l) || l->get<uint64_t>() > 0xffffffffu))
        return bad("field '" + name + "': l must be a non-negative integer");
      writes.push_back(FieldWrite{std::move(*v), Dot{r->get<std::string>(), c->get<uint64_t>()},
                                  HlcStamp{t->get<int64_t>(), l == o.end() ? 0u : l->get<uint32_t>()}});
    }
    if (has_duplicate_dot(writes)) return bad("field '" + name + "' has two writes with one dot");
    state.fields[name] = std::move(writes);
  }
  state.normalize();
  return ok_status();
}

// Writes s as a JSON string the way nlohmann's dump() does (UTF-8 kept, control characters
// escaped), without building a JSON value: this runs for every field of every stored record.
void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_value(std::string& out, const Json& v) {
  if (v.is_string()) append_json_string(out, v.get_ref<const std::string&>());
  else out += v.dump();
}

std::string vv_text(const VersionVector& vv) {
  std::string out = "{";
  for (const auto& [k, v] : vv.entries()) {
    if (out.size() > 1) out += ',';
    append_json_string(out, k);
    out += ':';
    out += std::to_string(v);
  }
  out += '}';
  return out;
}

std::string fields_text(const RecordState& state) {
  // Keys in nlohmann's sorted order: c, l, r, t, v.
  std::string out = "{";
  for (const auto& [name, writes] : state.fields) {
    if (out.size() > 1) out += ',';
    append_json_string(out, name);
    out += ":[";
    for (size_t i = 0; i < writes.size(); ++i) {
      const FieldWrite& w = writes[i];
      if (i) out += ',';
      out += "{\"c\":" + std::to_string(w.dot.counter);
      if (w.hlc.logical) out += ",\"l\":" + std::to_string(w.hlc.logical);
      out += ",\"r\":";
      append_json_string(out, w.dot.replica);
      out += ",\"t\":" + std::to_string(w.hlc.ms) + ",\"v\":";
      append_value(out, w.value);
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string record_text(const std::string& entity, const std::string& id, const std::string& vv_json,
                        const std::string& fields_json) {
  std::string out = "{\"entity\":";
  out.reserve(fields_json.size() + vv_json.size() + 96);
  append_json_string(out, entity);
  out += ",\"fields\":" + fields_json + ",\"id\":";
  append_json_string(out, id);
  out += ",\"vv\":" + vv_json + "}";
  return out;
}

Json encode_record(const RecordState& state) {
  return Json{{"entity", state.entity}, {"id", state.id}, {"vv", encode_vv(state.vv)},
              {"fields", encode_fields(state)}};
}

Result<RecordState> decode_record(Json j, const RecordLimits& limits) {
  if (!j.is_object()) return bad("a record must be an object");
  auto e = j.find("entity"), id = j.find("id"), vv = j.find("vv"), f = j.find("fields");
  if (e == j.end() || !e->is_string()) return bad("record.entity must be a string");
  if (id == j.end() || !id->is_string()) return bad("record.id must be a string");
  if (vv == j.end()) return bad("record.vv is missing");
  if (f == j.end()) return bad("record.fields is missing");
  RecordState s;
  s.entity = e->get<std::string>();
  s.id = id->get<std::string>();
  auto decoded_vv = decode_vv(*vv, limits);
  if (!decoded_vv) return decoded_vv.error();
  s.vv = std::move(decoded_vv.value());
  CRM_TRY(decode_fields(std::move(*f), s, limits));
  return s;
}

}  // namespace crm
