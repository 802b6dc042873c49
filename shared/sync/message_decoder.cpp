#include "sync/message_decoder.h"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "sync/protocol.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

// Builds an arbitrary JSON value from SAX events (write values, envelope members, skipped parts).
class ValueBuilder {
 public:
  void begin(Json* target) {
    stack_.clear();
    root_ = target;
    done_ = false;
  }
  bool done() const { return done_; }

  void scalar(Json v) {
    if (Json* slot = next_slot()) *slot = std::move(v);
    if (stack_.empty()) done_ = true;
  }
  void start(bool object) {
    Json* slot = next_slot();
    *slot = object ? Json::object() : Json::array();
    stack_.push_back(slot);
  }
  void key(const std::string& k) { pending_key_ = k; }
  void end() {
    stack_.pop_back();
    if (stack_.empty()) done_ = true;
  }

 private:
  Json* next_slot() {
    if (stack_.empty()) return root_;
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(nullptr);
      return &top->back();
    }
    return &(*top)[pending_key_];
  }
  std::vector<Json*> stack_;
  Json* root_ = nullptr;
  std::string pending_key_;
  bool done_ = true;
};

struct WriteDraft {
  std::optional<Json> v;
  std::optional<std::string> r;
  std::optional<uint64_t> c, t, l;
};

// RapidJSON's SAX events. Numbers become JSON values of the same kinds nlohmann's parser makes
// (non-negative integers unsigned, negative ones signed, others double), so both decoders agree.
class Handler {
 public:
  explicit Handler(const DecodeLimits& limits) : limits_(limits) {}

  DecodedMessage out;
  std::optional<Error> record_error, message_error;
  bool stopped_on_record = false;
  // A string decoded to a lone UTF-16 surrogate (see holds_surrogate): not JSON we accept.
  bool bad_text = false;
  bool number_overflow = false;  // a number beyond double's range: not JSON we accept  // a record crossed a RecordLimits bound: record_error says which

  bool Null() { return scalar(Json()); }
  bool Bool(bool b) { return scalar(Json(b)); }
  bool Int(int v) { return v < 0 ? scalar(Json(int64_t{v})) : scalar(Json(uint64_t(v))); }
  bool Uint(unsigned v) { return scalar(Json(uint64_t{v})); }
  bool Int64(int64_t v) { return v < 0 ? scalar(Json(v)) : scalar(Json(uint64_t(v))); }
  bool Uint64(uint64_t v) { return scalar(Json(v)); }
  bool Double(double v) { return scalar(Json(v)); }
  // Numbers arrive as text (kParseNumbersAsStringsFlag) and are converted the way nlohmann's
  // lexer converts them (strtoll / strtoull, strtod when out of range or not integral), so both
  // decoders agree by construction. RapidJSON's own full-precision strtod is not used: it passes
  // zero to clz() for inputs like 0e5 (undefined behaviour, found by tests/fuzz/).
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const std::string text(s, n);  // already checked against JSON's number grammar
    if (text.find_first_of(".eE") == std::string::npos) {
      errno = 0;
      if (text[0] == '-') {
        const long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == 0) return v < 0 ? scalar(Json(int64_t{v})) : scalar(Json(uint64_t(v)));
      } else {
        const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == 0) return scalar(Json(uint64_t{v}));
      }
    }
    const double d = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(d)) {  // 1e400: nlohmann refuses it too
      number_overflow = true;
      return false;
    }
    return scalar(Json(d));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (holds_surrogate(s, n)) return refuse_text();
    return scalar(Json(std::string(s, n)));
  }

  bool StartObject() { return start(true); }
  bool StartArray() { return start(false); }
  bool EndObject(rapidjson::SizeType) { return end(true); }
  bool EndArray(rapidjson::SizeType) { return end(false); }

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (holds_surrogate(s, n)) return refuse_text();
    if (capturing()) {
      builder_.key(std::string(s, n));
      return true;
    }
    key_.assign(s, n);
    return true;
  }

 private:
  // RapidJSON turns a lone "\uDC00".."\uDFFF" escape into the three bytes of a surrogate, which
  // are not UTF-8: nlohmann refuses such a body, and writing the string out later would throw.
  static bool holds_surrogate(const char* s, size_t n) {
    for (size_t i = 0; i + 1 < n; ++i)
      if (static_cast<unsigned char>(s[i]) == 0xED && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) return true;
    return false;
  }
  bool refuse_text() {
    bad_text = true;
    return false;
  }

  // Where the parser is, outside captured values.
  enum class At { kStart, kTop, kRecords, kRecord, kVv, kFields, kWrites, kWrite, kEnd };

  bool capturing() const { return capture_ != nullptr; }

  void capture_into(Json* target) {
    builder_.begin(target);
    capture_ = target;
  }
  void skip_value() { capture_into(&scratch_); }
  void after_capture() {
    if (!builder_.done()) return;
    capture_ = nullptr;
    finish_value();
  }

  void fail_record(const std::string& msg) {
    if (!record_error)
      record_error = make_error("malformed_record", "records[" + std::to_string(out.records.size() - 1) + "]: " + msg);
  }

  // Counts every element of "records", objects or not (a million bare numbers are a batch too).
  bool within_batch() {
    if (out.records.size() <= limits_.max_records) return true;
    message_error = make_error("batch_too_large", "at most " + std::to_string(limits_.max_records) + " records per push");
    return false;
  }

  // Stops parsing at a record over a bound; an earlier bad record stays the one reported.
  bool stop_record(const Error& e) {
    fail_record(e.message);
    stopped_on_record = true;
    return false;
  }
  bool count_field() {
    return ++fields_in_record_ <= limits_.record.max_fields || stop_record(too_many_fields(limits_.record));
  }
  bool count_write() {
    return ++writes_in_field_ <= limits_.record.max_writes_per_field ||
           stop_record(too_many_writes(field_, limits_.record));
  }
  bool count_vv_entry() {
    return ++vv_entries_ <= limits_.record.max_vv_entries || stop_record(too_many_vv_entries(limits_.record));
  }

  // A value of the current member started while `at_` names its container.
  bool scalar(Json v) {
    if (capturing()) {
      builder_.scalar(std::move(v));
      after_capture();
      return true;
    }
    switch (at_) {
      case At::kStart:
        message_error = make_error("wrong_type", "the body must be a JSON object");
        return false;
      case At::kTop:
        if (key_ == "records") {
          message_error = make_error("wrong_type", "records must be an array", "records");
        } else {
          out.envelope[key_] = std::move(v);
        }
        return true;
      case At::kRecords:
        new_record();
        if (!within_batch()) return false;
        fail_record("a record must be an object");
        return true;
      case At::kRecord:
        if (key_ == "entity" || key_ == "id") {
          if (!v.is_string()) return fail_record("record." + key_ + " must be a string"), true;
          (key_ == "entity" ? rec().entity : rec().id) = std::move(v.get_ref<std::string&>());
          (key_ == "entity" ? has_entity_ : has_id_) = true;
        } else if (key_ == "vv") {
          fail_record("vv must be an object of replica id -> counter");
          has_vv_ = true;
        } else if (key_ == "fields") {
          fail_record("fields must be an object");
          has_fields_ = true;
        }
        return true;
      case At::kVv:
        if (!count_vv_entry()) return false;
        if (key_.empty() || key_.size() > kMaxReplicaIdLength) fail_record("vv has an invalid replica id");
        else if (!is_non_negative_integer(v) || v.get<uint64_t>() > kMaxWireInteger)
          fail_record("vv counters must be non-negative integers");
        else if (v.get<uint64_t>() > 0) vv_[key_] = v.get<uint64_t>();
        return true;
      case At::kFields:
        if (!count_field()) return false;
        fail_record("field '" + key_ + "' must be a non-empty array of writes");
        return true;
      case At::kWrites:
        if (!count_write()) return false;
        fail_record("field '" + field_ + "': each write must be an object");
        return true;
      case At::kWrite:
        write_member(std::move(v));
        return true;
      case At::kEnd:
        return true;
    }
    return true;
  }


  // Messages are built only on failure: this runs for every member of every write.
  std::string where() const { return "field '" + field_ + "': "; }

  void write_member(Json v) {
    if (key_ == "v") {
      write_.v = std::move(v);
    } else if (key_ == "r") {
      if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
          v.get_ref<const std::string&>().size() > kMaxReplicaIdLength)
        return fail_record(where() + "r must be a replica id");
      write_.r = std::move(v.get_ref<std::string&>());
    } else if (key_ == "c" || key_ == "t" || key_ == "l") {
      if (!is_non_negative_integer(v) || (key_ != "l" && v.get<uint64_t>() > kMaxWireInteger)) {
        const char* what = key_ == "c" ? "c must be a positive integer"
                           : key_ == "t" ? "t must be Unix milliseconds"
                                         : "l must be a non-negative integer";
        return fail_record(where() + what);
      }
      (key_ == "c" ? write_.c : key_ == "t" ? write_.t : write_.l) = v.get<uint64_t>();
    }
  }

  // A value captured whole (a write's "v", or an envelope member) has ended.
  void finish_value() {
    if (at_ == At::kWrite && key_ == "v") {
      write_.v = std::move(value_);
    } else if (at_ == At::kTop && key_ != "records") {
      out.envelope[key_] = std::move(value_);
    }
  }

  bool start(bool object) {
    if (++depth_ > limits_.max_depth) {
      if (!message_error)
        message_error = make_error("wrong_type", "the body nests arrays and objects deeper than " +
                                                     std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    if (capturing()) {
      builder_.start(object);
      return true;
    }
    switch (at_) {
      case At::kStart:
        if (!object) {
          message_error = make_error("wrong_type", "the body must be a JSON object");
          return false;
        }
        at_ = At::kTop;
        return true;
      case At::kTop:
        if (key_ == "records") {
          if (object) {
            message_error = make_error("wrong_type", "records must be an array", "records");
            skip_value();
            builder_.start(object);
            return true;
          }
          out.has_records = true;
          out.records.clear();  // a repeated member: the last one counts, as in nlohmann's tree
          at_ = At::kRecords;
          return true;
        }
        capture_into(&value_);
        builder_.start(object);
        return true;
      case At::kRecords:
        new_record();
        if (!within_batch()) return false;
        if (!object) {
          fail_record("a record must be an object");
          skip_value();
          builder_.start(object);
          return true;
        }
        at_ = At::kRecord;
        return true;
      case At::kRecord:
        if (key_ == "vv" && object) {
          has_vv_ = true;
          vv_.clear();  // repeated members: the last one counts (errors in earlier ones stay)
          at_ = At::kVv;
          return true;
        }
        if (key_ == "fields" && object) {
          has_fields_ = true;
          rec().fields.clear();
          at_ = At::kFields;
          return true;
        }
        if (key_ == "vv") has_vv_ = true, fail_record("vv must be an object of replica id -> counter");
        if (key_ == "fields") has_fields_ = true, fail_record("fields must be an object");
        if (key_ == "entity" || key_ == "id") fail_record("record." + key_ + " must be a string");
        skip_value();
        builder_.start(object);
        return true;
      case At::kVv:
        if (!count_vv_entry()) return false;
        fail_record("vv counters must be non-negative integers");
        skip_value();
        builder_.start(object);
        return true;
      case At::kFields:
        field_ = key_;
        if (!count_field()) return false;
        if (object) {
          fail_record("field '" + field_ + "' must be a non-empty array of writes");
          skip_value();
          builder_.start(object);
          return true;
        }
        writes_.clear();
        writes_in_field_ = 0;
        at_ = At::kWrites;
        return true;
      case At::kWrites:
        if (!count_write()) return false;
        if (!object) {
          fail_record("field '" + field_ + "': each write must be an object");
          skip_value();
          builder_.start(object);
          return true;
        }
        write_ = WriteDraft{};
        at_ = At::kWrite;
        return true;
      case At::kWrite:
        if (key_ == "v") {
          capture_into(&value_);
          builder_.start(object);
          return true;
        }
        if (key_ == "r" || key_ == "c" || key_ == "t" || key_ == "l") write_member(Json::object());
        skip_value();
        builder_.start(object);
        return true;
      case At::kEnd:
        return true;
    }
    return true;
  }

  bool end(bool object) {
    --depth_;
    if (capturing()) {
      builder_.end();
      after_capture();
      return true;
    }
    (void)object;
    switch (at_) {
      case At::kTop:
        at_ = At::kEnd;
        return true;
      case At::kRecords:
        at_ = At::kTop;
        return true;
      case At::kRecord:
        finish_record();
        at_ = At::kRecords;
        return true;
      case At::kVv:
        at_ = At::kRecord;
        return true;
      case At::kFields:
        at_ = At::kRecord;
        return true;
      case At::kWrites:
        finish_field();
        at_ = At::kFields;
        return true;
      case At::kWrite:
        finish_write();
        at_ = At::kWrites;
        return true;
      default:
        return true;
    }
  }

  RecordState& rec() { return out.records.back(); }

  void new_record() {
    out.records.emplace_back();
    has_entity_ = has_id_ = has_vv_ = has_fields_ = false;
    vv_.clear();
    fields_in_record_ = vv_entries_ = 0;
  }

  void finish_write() {
    if (!write_.v || !write_.r || !write_.c || !write_.t) return fail_record(where() + "a write needs v, r, c and t");
    if (*write_.c == 0) return fail_record(where() + "c must be a positive integer");
    if (write_.l && *write_.l > 0xffffffffu) return fail_record(where() + "l must be a non-negative integer");
    writes_.push_back(FieldWrite{std::move(*write_.v), Dot{std::move(*write_.r), *write_.c},
                                 HlcStamp{static_cast<int64_t>(*write_.t), static_cast<uint32_t>(write_.l.value_or(0))}});
  }

  void finish_field() {
    if (writes_.empty()) return fail_record("field '" + field_ + "' must be a non-empty array of writes");
    if (has_duplicate_dot(writes_)) return fail_record("field '" + field_ + "' has two writes with one dot");
    if (!record_error) rec().fields[field_] = std::move(writes_);
    writes_.clear();
  }

  void finish_record() {
    if (!has_entity_) return fail_record("record.entity must be a string");
    if (!has_id_) return fail_record("record.id must be a string");
    if (!has_vv_) return fail_record("record.vv is missing");
    if (!has_fields_) return fail_record("record.fields is missing");
    rec().vv = VersionVector(std::move(vv_));
    rec().normalize();
  }

  DecodeLimits limits_;
  size_t depth_ = 0, fields_in_record_ = 0, writes_in_field_ = 0, vv_entries_ = 0;
  At at_ = At::kStart;
  std::string key_, field_;
  Json* capture_ = nullptr;
  Json value_, scratch_;
  ValueBuilder builder_;
  WriteDraft write_;
  std::vector<FieldWrite> writes_;
  VersionVector::Map vv_;
  bool has_entity_ = false, has_id_ = false, has_vv_ = false, has_fields_ = false;
};

}  // namespace

Result<DecodedMessage> decode_message(const std::string& body, size_t max_records) {
  return decode_message(body, DecodeLimits::push(max_records));
}

Result<DecodedMessage> decode_message(const std::string& body, const DecodeLimits& limits) {
  Handler h(limits);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(body.data(), body.size());
  // Strict UTF-8, numbers as text (see RawNumber), no recursion on deep nesting.
  constexpr unsigned kFlags =
      rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;
  const rapidjson::ParseResult parsed = reader.Parse<kFlags>(stream, h);
  const bool stopped_by_us = parsed.Code() == rapidjson::kParseErrorTermination;
  if ((!parsed && !stopped_by_us) || h.number_overflow || h.bad_text)
    return make_error("malformed_json", "the body is not valid JSON");
  if (h.message_error && h.message_error->code == "wrong_type" && !h.out.has_records && h.out.envelope.empty())
    return *h.message_error;  // not an object at all
  auto p = h.out.envelope.find("protocol");
  if (p == h.out.envelope.end() || !p->is_number_integer())
    return make_error("protocol_mismatch", "the body must carry \"protocol\": " + std::to_string(kProtocolVersion));
  if (p->get<int64_t>() != kProtocolVersion)
    return make_error("protocol_mismatch", "this side speaks protocol " + std::to_string(kProtocolVersion) +
                                               ", the other sent " + p->dump());
  if (h.message_error) return *h.message_error;
  if (h.stopped_on_record) return *h.record_error;
  if (!parsed) return make_error("malformed_json", "the body is not valid JSON");
  if (h.record_error) return *h.record_error;
  return std::move(h.out);
}

}  // namespace crm
