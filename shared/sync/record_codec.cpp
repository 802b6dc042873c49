#include "sync/record_codec.h"

namespace crm {
namespace {

Error bad(const std::string& msg) { return make_error("malformed_record", msg); }

constexpr size_t kMaxReplicaIdLength = 64;

// Integers parsed from text are unsigned in nlohmann::json, built in memory they may be signed.
bool non_negative(const Json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
}

}  // namespace

Json encode_vv(const VersionVector& vv) {
  Json j = Json::object();
  for (const auto& [k, v] : vv.entries()) j[k] = v;
  return j;
}

Result<VersionVector> decode_vv(const Json& j) {
  if (!j.is_object()) return bad("vv must be an object of replica id -> counter");
  VersionVector::Map m;
  for (const auto& [k, v] : j.items()) {
    if (k.empty() || k.size() > kMaxReplicaIdLength) return bad("vv has an invalid replica id");
    if (!non_negative(v)) return bad("vv counters must be non-negative integers");
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

Status decode_fields(Json j, RecordState& state) {
  if (!j.is_object()) return bad("fields must be an object");
  for (auto& [name, arr] : j.items()) {
    if (!arr.is_array() || arr.empty()) return bad("field '" + name + "' must be a non-empty array of writes");
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
      if (!non_negative(*c) || c->get<uint64_t>() == 0)
        return bad("field '" + name + "': c must be a positive integer");
      if (!non_negative(*t)) return bad("field '" + name + "': t must be Unix milliseconds");
      if (l != o.end() && (!non_negative(*l) || l->get<uint64_t>() > 0xffffffffu))
        return bad("field '" + name + "': l must be a non-negative integer");
      writes.push_back(FieldWrite{std::move(*v), Dot{r->get<std::string>(), c->get<uint64_t>()},
                                  HlcStamp{t->get<int64_t>(), l == o.end() ? 0u : l->get<uint32_t>()}});
    }
    for (size_t i = 0; i < writes.size(); ++i)
      for (size_t k = i + 1; k < writes.size(); ++k)
        if (writes[i].dot == writes[k].dot) return bad("field '" + name + "' has two writes with one dot");
    state.fields[name] = std::move(writes);
  }
  state.normalize();
  return ok_status();
}

std::string vv_text(const VersionVector& vv) {
  std::string out = "{";
  for (const auto& [k, v] : vv.entries()) {
    if (out.size() > 1) out += ',';
    out += Json(k).dump();
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
    out += Json(name).dump();
    out += ":[";
    for (size_t i = 0; i < writes.size(); ++i) {
      const FieldWrite& w = writes[i];
      if (i) out += ',';
      out += "{\"c\":" + std::to_string(w.dot.counter);
      if (w.hlc.logical) out += ",\"l\":" + std::to_string(w.hlc.logical);
      out += ",\"r\":" + Json(w.dot.replica).dump() + ",\"t\":" + std::to_string(w.hlc.ms) + ",\"v\":";
      out += w.value.dump();
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string record_text(const std::string& entity, const std::string& id, const std::string& vv_json,
                        const std::string& fields_json) {
  return "{\"entity\":" + Json(entity).dump() + ",\"fields\":" + fields_json + ",\"id\":" + Json(id).dump() +
         ",\"vv\":" + vv_json + "}";
}

Json encode_record(const RecordState& state) {
  return Json{{"entity", state.entity}, {"id", state.id}, {"vv", encode_vv(state.vv)},
              {"fields", encode_fields(state)}};
}

Result<RecordState> decode_record(Json j) {
  if (!j.is_object()) return bad("a record must be an object");
  auto e = j.find("entity"), id = j.find("id"), vv = j.find("vv"), f = j.find("fields");
  if (e == j.end() || !e->is_string()) return bad("record.entity must be a string");
  if (id == j.end() || !id->is_string()) return bad("record.id must be a string");
  if (vv == j.end()) return bad("record.vv is missing");
  if (f == j.end()) return bad("record.fields is missing");
  RecordState s;
  s.entity = e->get<std::string>();
  s.id = id->get<std::string>();
  auto decoded_vv = decode_vv(*vv);
  if (!decoded_vv) return decoded_vv.error();
  s.vv = std::move(decoded_vv.value());
  CRM_TRY(decode_fields(std::move(*f), s));
  return s;
}

}  // namespace crm
