// Pull pipelining (what the browser does): the next page is requested before the current one is
// applied. The device still ends with every record, the cursor at the server's newest change,
// and never more than one request on the network while a page is applied.
#include <deque>

#include "core/clock.h"
#include "net/native_http_transport.h"
#include "replica/replica.h"
#include "server_fixture.h"
#include "sync/sync_session.h"

using namespace crm;
using namespace crm::test;

TEST_CASE("A pipelined pull brings every page, each requested while the one before is applied", "[sync]") {
  LiveServer s;
  SystemClock clock;
  SystemRandom random;
  auto a = Replica::open(s.dir.path() + "/a.db", clock, random);
  REQUIRE(a);
  for (int i = 0; i < 2345; ++i)
    REQUIRE((*a)->create("customer", {{"kind", "company"}, {"name", "Customer " + std::to_string(i)}}));
  NativeHttpTransport http(s.server->url());
  REQUIRE(sync_once(**a, http, s.token((*a)->id())));

  auto b = Replica::open(s.dir.path() + "/b.db", clock, random);
  REQUIRE(b);
  SyncSession session(**b, s.token((*b)->id()), SyncOptions{.pull_page = 500});
  // Requests wait in a queue, as they would on the network; answers come back in order.
  std::deque<HttpRequest> in_flight;
  size_t most = 0;
  int ahead_sent = 0;
  for (;;) {
    if (auto req = session.next()) in_flight.push_back(*req);
    if (in_flight.empty()) break;
    most = std::max(most, in_flight.size());
    auto answer = http.send(in_flight.front());
    in_flight.pop_front();
    if (auto ahead = session.request_ahead(answer)) {
      in_flight.push_back(*ahead);
      ++ahead_sent;
    }
    session.on_response(answer);
    if (!session.awaiting() && in_flight.empty() && (session.finished() || session.failed())) break;
  }
  INFO(session.error().message);
  REQUIRE(session.finished());
  CHECK(most == 1);
  CHECK(ahead_sent == 4);  // pages 2 to 5 were requested while the page before was applied
  CHECK(session.stats().pulled == 2345);
  CHECK(session.stats().requests == 5);
  CHECK(session.stats().cursor == session.stats().cursor_latest);
  CHECK((*b)->store().count("customer").value() == 2345);
}
