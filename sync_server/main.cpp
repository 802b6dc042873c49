// crm-server: the sync server binary. Wires the store, the API and HTTP; admin subcommands.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "admin/admin_commands.h"
#include "admin/attachment_backup.h"
#include "admin/backup.h"
#include "admin/data_folder.h"
#include "admin/text_escape.h"
#include "api/api_service.h"
#include "pool/auto_return.h"
#include "pool/pool_push_rules.h"
#include "sales/document_numbers.h"
#include "pool/daily_run.h"
#include "pool/owner_transfer.h"
#include "pool/pool_admin.h"
#include "pool/pool_names.h"
#include "auth/credentials.h"
#include "http/http_server.h"
#include "storage/sqlite_server_store.h"

using namespace crm;
using namespace crm::server;

namespace {

const char* kUsage = R"(usage: crm-server COMMAND [options]

commands:
  serve                 run the sync server
      --host ADDR       address to listen on (default 127.0.0.1)
      --port N          port (default 8080; 0 picks a free one)
      --data DIR        data folder holding crm.db (default ./data)
      --static DIR      serve the files of DIR at / (repeatable; first match wins)
      --port-file FILE  write the bound port to FILE once listening
      --token-days N    sign-in lifetime without contact, in days (default 30)
      --access-minutes N  lifetime of an access token before it is refreshed (default 60)
      --max-clock-ahead-hours N  refuse writes stamped more than N hours ahead of this
                        server's clock (default 24; keep it at least 24)
      --session-days N  sign-in lifetime in all, after which the password is asked (default 90)
      --io-threads N    threads reading and writing connections (default 2)
      --workers N       threads running requests (default 24)
      --sign-in-workers N  threads running sign-ins (default 4)
      --max-connections N  open connections in all (default 20000)
      --max-connections-per-address N  from one peer address (default 512)
      --header-timeout-ms N, --body-timeout-ms N, --idle-timeout-ms N  (10000, 60000, 30000)
      --max-attachment-mb N  the largest attachment accepted, in MiB (default 10)
      --tls-cert FILE --tls-key FILE  serve HTTPS with this PEM certificate chain and key
                        (the documented deployment is behind nginx: deploy/nginx/crm.conf)
      --trusted-proxy ADDR  a reverse proxy whose X-Forwarded-For names the client
                        (repeatable; off by default: deploy/nginx/crm.conf)
      --utc-offset MINUTES  the organisation's time zone, minutes east of UTC (default 0):
                        the public pool's automatic return runs on its calendar days
      --pool-daily on|off  the public pool's daily run (automatic return, waiting leads;
                        default on; the tests turn it off)
  user add NAME         add a user; the password is read from stdin (or $CRM_PASSWORD)
      --role ROLE       sales (default), manager, service or admin
      --team TEAM       the user's team (managers see their team and its sub-teams)
  user set NAME         change a user: --role ROLE, --team TEAM ("" for none), --disabled yes|no
  user passwd NAME      set a new password (stdin or $CRM_PASSWORD); signs NAME out everywhere
  user list             list users
  team add NAME         add a team; --parent TEAM puts it under another team
  team list             list teams
  device list           list devices that signed in, with their last contact
  device revoke ID      refuse a lost device: it wipes its local data at its next contact
  audit                 who changed what: --entity E --id ID --user NAME --device ID --limit N
  backup --out FILE     copy the database to FILE while the server runs (consistent, checked),
                        and the attachment files it links to FILE.attachments/
  restore --from FILE   replace the database by a backup (refused while a server uses --data),
                        and put back the attachment files from FILE.attachments/
  transfer --from USER --to USER  move USER's customers (with everything that follows them)
                        and leads to another user, as one audited act; --only-customers ID,ID
                        or --region REGION move only those customers (and no leads)
  pool return-due       return to the public pool every customer without a follow-up for its
                        rule's days and without an open opportunity (the server also does it
                        daily); --utc-offset MINUTES as for serve; prints what it returned
  (every command accepts --data DIR; --help or -h anywhere prints this and does nothing)
)";

struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> options;
  std::string get(const std::string& k, const std::string& def) const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      a.options.emplace("help", "");
    } else if (s.rfind("--", 0) == 0 && i + 1 < argc) {
      a.options.emplace(s.substr(2), argv[++i]);
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int fail(const Error& e) {
  std::fprintf(stderr, "crm-server: %s (%s)\n", e.message.c_str(), e.code.c_str());
  return 1;
}

Result<std::unique_ptr<SqliteServerStore>> open_store(const Args& args) {
  const std::filesystem::path dir = args.get("data", "data");
  CRM_TRY(prepare_data_folder(dir.string(), std::cerr));
  return SqliteServerStore::open((dir / "crm.db").string());
}

int serve(const Args& args, ServerStore& store) {
  SystemClock clock;
  ApiOptions api_options;
  api_options.refresh_ttl_ms = std::stoll(args.get("token-days", "30")) * 24 * 3600 * 1000;
  api_options.access_ttl_ms = std::stoll(args.get("access-minutes", "60")) * 60 * 1000;
  api_options.session_ttl_ms = std::stoll(args.get("session-days", "90")) * 24 * 3600 * 1000;
  // Seconds, for tests that watch a token expire.
  if (auto s = args.get("access-seconds", ""); !s.empty()) api_options.access_ttl_ms = std::stoll(s) * 1000;
  if (auto s = args.get("max-clock-ahead-hours", ""); !s.empty())
    api_options.max_clock_ahead_ms = std::stoll(s) * 3600 * 1000;
  pool::PoolPushRules claims;
  sales::DocumentNumbering numbering(&claims);  // contract and order numbers, after the pool's rules
  api_options.push_guard = &numbering;
  const int utc_offset = std::stoi(args.get("utc-offset", "0"));
  pool::PoolAdmin pool_admin(store, store, clock, utc_offset);
  api_options.admin_extension = &pool_admin;
  ApiService api(store, clock, api_options);
  HttpOptions http;
  http.host = args.get("host", "127.0.0.1");
  http.port = std::stoi(args.get("port", "8080"));
  auto number = [&](const char* name, auto& field) {
    if (auto v = args.get(name, ""); !v.empty()) field = static_cast<std::decay_t<decltype(field)>>(std::stoll(v));
  };
  number("io-threads", http.io_threads);
  number("workers", http.workers);
  number("sign-in-workers", http.sign_in_workers);
  number("max-connections", http.max_connections);
  number("max-connections-per-address", http.max_connections_per_address);
  number("header-timeout-ms", http.header_timeout_ms);
  number("body-timeout-ms", http.body_timeout_ms);
  number("idle-timeout-ms", http.idle_timeout_ms);
  AttachmentOptions attachment_options;
  if (auto v = args.get("max-attachment-mb", ""); !v.empty()) attachment_options.max_bytes = std::stoll(v) * 1024 * 1024;
  http.max_attachment_bytes = static_cast<size_t>(attachment_options.max_bytes);
  auto files = AttachmentFiles::open((std::filesystem::path(args.get("data", "data")) / "attachments").string());
  if (!files) return fail(files.error());
  AttachmentService attachments(store, store, store, files.value(), clock, attachment_options);
  // Uploads a device abandoned (cut off and never resumed): dropped at start-up, then hourly.
  auto sweep = [&] {
    if (int n = attachments.drop_stale_uploads(); n > 0)
      std::fprintf(stderr, "crm-server: dropped %d abandoned attachment upload(s)\n", n);
  };
  sweep();
  http.tls_cert_file = args.get("tls-cert", "");
  http.tls_key_file = args.get("tls-key", "");
  auto proxies = args.options.equal_range("trusted-proxy");
  for (auto it = proxies.first; it != proxies.second; ++it) http.trusted_proxies.push_back(it->second);
  auto range = args.options.equal_range("static");
  for (auto it = range.first; it != range.second; ++it) {
    if (std::filesystem::is_directory(it->second)) http.static_dirs.push_back(it->second);
    else std::fprintf(stderr, "crm-server: not serving %s: no such folder\n", it->second.c_str());
  }

  // Signals are taken by one thread with sigwait, so stop() runs outside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  HttpServer server(api, http, &attachments);
  auto port = server.bind();
  if (!port) return fail(port.error());
  if (auto pf = args.get("port-file", ""); !pf.empty()) {
    std::ofstream(pf + ".tmp") << port.value() << "\n";
    std::filesystem::rename(pf + ".tmp", pf);
  }
  std::printf("crm-server listening on %s://%s:%d/\n", http.tls_cert_file.empty() ? "http" : "https",
              http.host.c_str(), port.value());
  std::fflush(stdout);

  std::mutex janitor_mu;
  std::condition_variable janitor_cv;
  bool stopping = false;
  std::thread janitor([&] {
    std::unique_lock lock(janitor_mu);
    while (!janitor_cv.wait_for(lock, std::chrono::hours(1), [&] { return stopping; })) sweep();
  });

  // At start and at each new day of the organisation, unless it ran that day already.
  std::optional<pool::DailyRun> daily;
  if (args.get("pool-daily", "on") != "off")
    daily.emplace(clock, utc_offset, [&] {
    auto line = pool_admin.daily_run();
    if (line) std::fprintf(stderr, "crm-server: daily pool run: %s\n", line.value().c_str());
    else std::fprintf(stderr, "crm-server: daily pool run failed: %s\n", line.error().message.c_str());
  });
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    std::fprintf(stderr, "crm-server: %s received, finishing requests in flight\n", strsignal(sig));
    server.stop();
  });
  server.run();
  // run() also returns if listening failed; make sure the signal thread can finish.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  {
    std::lock_guard lock(janitor_mu);
    stopping = true;
  }
  janitor_cv.notify_all();
  janitor.join();
  std::fprintf(stderr, "crm-server: stopped\n");
  return 0;
}

std::string read_password() {
  if (const char* env = std::getenv("CRM_PASSWORD")) return env;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct Usage {};

// The subcommands that work on the store. Throws Usage for a command line that names none.
Status admin_command(const std::string& cmd, const std::string& sub, const Args& args, ServerStore& store) {
  const std::string name = args.positional.size() > 2 ? args.positional[2] : "";
  auto need_name = [&] {
    if (name.empty()) throw Usage{};
  };
  SystemClock clock;
  if (cmd == "user" && sub == "add") {
    need_name();
    CRM_TRY(add_user(store, clock, name, read_password(), args.get("role", "sales"), args.get("team", "")));
    std::printf("user %s added\n", name.c_str());
  } else if (cmd == "user" && sub == "passwd") {
    need_name();
    CRM_TRY(change_password(store, name, read_password()));
    std::printf("password of %s changed; signed out on every device\n", name.c_str());
  } else if (cmd == "user" && sub == "set") {
    need_name();
    UserUpdate u;
    if (args.options.count("role")) u.role = args.get("role", "");
    if (args.options.count("team")) u.team = args.get("team", "");
    if (args.options.count("disabled")) {
      const std::string d = args.get("disabled", "");
      if (d != "yes" && d != "no") throw Usage{};
      u.disabled = d == "yes";
    }
    CRM_TRY(store.update_user(name, u));
    std::printf("user %s changed\n", name.c_str());
  } else if (cmd == "user" && sub == "list") {
    CRM_TRY(print_users(store, std::cout));
  } else if (cmd == "team" && sub == "add") {
    need_name();
    CRM_TRY(add_team(store, name, args.get("parent", "")));
    std::printf("team %s added\n", name.c_str());
  } else if (cmd == "team" && sub == "list") {
    CRM_TRY(print_teams(store, std::cout));
  } else if (cmd == "device" && sub == "list") {
    CRM_TRY(print_devices(store, std::cout));
  } else if (cmd == "device" && sub == "revoke") {
    need_name();
    CRM_TRY(store.revoke_device(name, clock.now_ms()));
    std::printf("device %s revoked: it wipes its local data at its next contact\n", name.c_str());
  } else if (cmd == "pool" && sub == "return-due") {
    const ChangeAuthor author{0, pool::kServerReplica, clock.now_ms()};
    auto returned = pool::return_due(store, store, author, std::stoi(args.get("utc-offset", "0")));
    if (!returned) return returned.error();
    for (const auto& r : returned.value())
      std::printf("%s\t%s\t%s\n", r.id.c_str(), printable(r.owner).c_str(), r.reason.c_str());
    std::printf("%zu customers returned to the pool\n", returned->size());
  } else if (cmd == "transfer") {
    pool::TransferRequest req{args.get("from", ""), args.get("to", ""), {}, args.get("region", "")};
    const std::string only = args.get("only-customers", "");
    for (size_t start = 0; start < only.size();) {
      size_t comma = only.find(',', start);
      if (comma == std::string::npos) comma = only.size();
      if (comma > start) req.only_customers.push_back(only.substr(start, comma - start));
      start = comma + 1;
    }
    const Session admin{0, "", "admin", pool::kServerReplica, 0};
    auto moved = pool::transfer_owner(store, store, admin, clock.now_ms(), req);
    if (!moved) return moved.error();
    std::printf("moved %zu customers and %zu leads from %s to %s\n", moved->customers.size(), moved->leads.size(),
                printable(req.from).c_str(), printable(req.to).c_str());
  } else if (cmd == "audit") {
    AuditQuery q;
    q.entity = args.get("entity", "");
    q.record_id = args.get("id", "");
    q.username = args.get("user", "");
    q.device_id = args.get("device", "");
    q.limit = std::stoi(args.get("limit", "100"));
    CRM_TRY(print_audit(store, q, std::cout));
  } else {
    throw Usage{};
  }
  return ok_status();
}

// backup and restore work on the database file itself, not through an opened store.
int backup_or_restore(const std::string& cmd, const Args& args) {
  const std::string data = args.get("data", "data");
  const std::string file = args.get(cmd == "backup" ? "out" : "from", "");
  if (file.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (cmd == "restore") {
    if (Status s = restore_database(data, file); !s) return fail(s.error());
    std::printf("restored %s into %s/crm.db\n", file.c_str(), data.c_str());
    auto files = restore_attachment_files(file, data);
    if (!files) return fail(files.error());
    std::printf("attachments: %lld files restored from %s (%lld there already, %lld missing from the backup)\n",
                static_cast<long long>(files->copied), attachment_backup_dir(file).c_str(),
                static_cast<long long>(files->files - files->copied - files->missing),
                static_cast<long long>(files->missing));
    if (files->missing > 0)
      std::fprintf(stderr, "crm-server: warning: %lld linked attachment files are not in the backup\n",
                   static_cast<long long>(files->missing));
    return 0;
  }
  auto r = backup_database((std::filesystem::path(data) / "crm.db").string(), file);
  if (!r) return fail(r.error());
  std::printf("backup written to %s: %lld records, changes up to %lld, %lld pages, integrity ok\n", file.c_str(),
              static_cast<long long>(r->records), static_cast<long long>(r->max_seq),
              static_cast<long long>(r->pages));
  // The bytes of the attachments that copy links, beside it (admin/attachment_backup.h).
  auto files = backup_attachment_files(file, data);
  if (!files) return fail(files.error());
  std::printf("attachments: %lld files in %s (%lld copied now, %lld bytes)\n", static_cast<long long>(files->files),
              attachment_backup_dir(file).c_str(), static_cast<long long>(files->copied),
              static_cast<long long>(files->bytes));
  if (files->missing > 0)
    std::fprintf(stderr, "crm-server: warning: %lld linked attachment files are missing from %s/attachments\n",
                 static_cast<long long>(files->missing), data.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Every file the server writes (database, WAL, SHM, backups) is for its own user only.
  umask(077);
  Args args = parse_args(argc, argv);
  if (args.options.count("help") || (!args.positional.empty() && args.positional[0] == "help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args.positional.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (Status s = init_crypto(); !s) return fail(s.error());
  const std::string cmd = args.positional[0];
  const std::string sub = args.positional.size() > 1 ? args.positional[1] : "";
  if (cmd == "backup" || cmd == "restore") return backup_or_restore(cmd, args);
  if (cmd != "serve" && cmd != "user" && cmd != "team" && cmd != "device" && cmd != "audit" &&
      cmd != "pool" && cmd != "transfer") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto store = open_store(args);
  if (!store) return fail(store.error());
  try {
    if (cmd == "serve") return serve(args, *store.value());
    Status s = admin_command(cmd, sub, args, *store.value());
    return s ? 0 : fail(s.error());
  } catch (const std::exception& e) {  // bad numbers in options
    std::fprintf(stderr, "crm-server: bad option: %s\n", e.what());
    return 2;
  } catch (const Usage&) {
    std::fputs(kUsage, stderr);
    return 2;
  }
}
