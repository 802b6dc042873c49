// docs/sync-protocol.md is how others write clients, so its examples must be what the server
// really answers. Every request block marked `<!-- replay ... -->` is sent, in document order, to a
// fresh crm-server with the document's user, and the block after it must equal the answer:
// same status, same JSON members and values, except tokens (any non-empty string) and members
// ending in `_ms` (any integer: times). Marker options: `as=NAME` sends the bearer token that
// the login marked `login=NAME` received.
#include <fstream>
#include <sstream>

#include "server_fixture.h"

using namespace crm;
using namespace crm::test;

namespace {

// The document's user (section 3).
const char* kDocUser = "alice";
const char* kDocPassword = "velvet-harbour-42";

struct Block {
  std::string lang, text;
};

struct Exchange {
  size_t line = 0;
  std::map<std::string, std::string> options;
  Block request, response;
};

std::map<std::string, std::string> parse_options(const std::string& marker) {
  std::map<std::string, std::string> out;
  std::istringstream in(marker);
  for (std::string word; in >> word;)
    if (auto eq = word.find('='); eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  return out;
}

// The marked exchanges of a markdown text, in order.
std::vector<Exchange> exchanges(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  auto next_block = [&](size_t& i) {
    while (i < lines.size() && lines[i].rfind("```", 0) != 0) ++i;
    REQUIRE(i < lines.size());
    Block b{lines[i].substr(3), ""};
    for (++i; i < lines.size() && lines[i].rfind("```", 0) != 0; ++i) b.text += lines[i] + "\n";
    ++i;
    return b;
  };
  std::vector<Exchange> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("<!-- replay", 0) != 0) continue;
    Exchange x;
    x.line = i + 1;
    x.options = parse_options(lines[i].substr(11, lines[i].find("-->") - 11));
    ++i;
    x.request = next_block(i);
    x.response = next_block(i);
    --i;
    out.push_back(std::move(x));
  }
  return out;
}

struct HttpText {
  std::string first;  // request line or status line
  std::map<std::string, std::string> headers;
  std::string body;
};

HttpText split_http(const std::string& text) {
  HttpText h;
  std::istringstream in(text);
  std::getline(in, h.first);
  for (std::string l; std::getline(in, l) && !l.empty();)
    if (auto colon = l.find(':'); colon != std::string::npos) h.headers[l.substr(0, colon)] = l.substr(colon + 2);
  std::ostringstream rest;
  rest << in.rdbuf();
  h.body = rest.str();
  return h;
}

// Where `actual` differs from `expected` (empty when it matches).
void compare(const Json& expected, const Json& actual, const std::string& where, std::vector<std::string>& diffs) {
  const std::string name = where.substr(where.rfind('.') + 1);
  if (name == "token" || name == "refresh_token") {
    if (!actual.is_string() || actual.get<std::string>().empty()) diffs.push_back(where + ": not a token");
    return;
  }
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "_ms") == 0) {
    if (!actual.is_number_integer()) diffs.push_back(where + ": not an integer time");
    return;
  }
  if (expected.type() != actual.type() && !(expected.is_number() && actual.is_number())) {
    diffs.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
  } else if (expected.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) diffs.push_back(where + "." + k + ": missing");
      else compare(v, actual[k], where + "." + k, diffs);
    }
    for (const auto& [k, v] : actual.items())
      if (!expected.contains(k)) diffs.push_back(where + "." + k + ": not in the document (" + v.dump() + ")");
  } else if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      diffs.push_back(where + ": " + std::to_string(expected.size()) + " elements documented, " +
                      std::to_string(actual.size()) + " answered");
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i)
      compare(expected[i], actual[i], where + "[" + std::to_string(i) + "]", diffs);
  } else if (expected != actual) {
    diffs.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
  }
}

}  // namespace

TEST_CASE("Every marked example of the protocol document is what the server answers", "[server][docs]") {
  const auto all = exchanges(CRM_PROTOCOL_DOC);
  REQUIRE(all.size() >= 10);
  TempDir dir;
  const std::string data = dir.path() + "/server";
  auto added = run_command({server_binary(), "user", "add", kDocUser, "--data", data}, std::string(kDocPassword) + "\n");
  REQUIRE(added.exit_code == 0);
  ServerProcess server(data);
  httplib::Client client("127.0.0.1", server.port());
  std::map<std::string, std::string> tokens;
  for (const Exchange& x : all) {
    INFO("docs/sync-protocol.md line " << x.line);
    REQUIRE(x.request.lang == "http");
    const HttpText req = split_http(x.request.text);
    std::istringstream first(req.first);
    std::string method, path;
    first >> method >> path;
    httplib::Headers headers;
    if (x.options.count("as")) {
      REQUIRE(tokens.count(x.options.at("as")));
      headers.emplace("Authorization", "Bearer " + tokens.at(x.options.at("as")));
    }
    auto res = method == "GET" ? client.Get(path.c_str(), headers)
                               : client.Post(path.c_str(), headers, req.body, "application/json");
    REQUIRE(res);
    int status = 200;
    std::string expected_body = x.response.text;
    if (x.response.lang == "http") {
      const HttpText h = split_http(x.response.text);
      status = std::stoi(h.first.substr(h.first.find(' ') + 1));
      expected_body = h.body;
    }
    INFO("answer: " << res->status << " " << res->body);
    CHECK(res->status == status);
    Json expected = Json::parse(expected_body), actual = Json::parse(res->body);
    std::vector<std::string> diffs;
    compare(expected, actual, "body", diffs);
    for (const auto& d : diffs) FAIL_CHECK(d);
    if (x.options.count("login") && actual.contains("token"))
      tokens[x.options.at("login")] = actual["token"].get<std::string>();
  }
}
