#include "serve/server.h"

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <ctime>
#include <fstream>
#include <ostream>
#include <string>
#include <thread>
#include <utility>

// Debian's httplib.h lives in /usr/include, so GCC already treats it as a system header and it
// raises no warnings under picket's flags: no pragmas needed. Its compile definitions
// (CPPHTTPLIB_OPENSSL_SUPPORT etc.) change httplib::Request's layout, so they must match the
// compiled library: they come with PkgConfig::HTTPLIB (see CMakeLists.txt).
#include <httplib.h>

#include "common/error.h"

namespace picket::serve {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr const char* kTextPlain = "text/plain; charset=utf-8";

// True when `p` is `root` or below it; both canonical. Compares whole components, so "/r/ab" is not
// inside "/r/a" (a string prefix test would say it is).
bool isInside(const fs::path& root, const fs::path& p) {
  auto q = p.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The whole file (report files are at most a few MB; tiles far less). False when it cannot be read.
bool readWhole(const fs::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return false;
  out.resize(static_cast<std::size_t>(size));
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  // A file rewritten while we read it is served as far as it goes, never padded.
  out.resize(static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

std::string_view statusText(int status) {
  switch (status) {
    case 400: return "Bad request\n";
    case 403: return "Forbidden: not addressed to this loopback server\n";
    case 404: return "Not found\n";
    case 405: return "Method not allowed: GET and HEAD only\n";
    case 500: return "Internal error\n";
    default: return "Error\n";
  }
}

void addCommonHeaders(httplib::Response& res) {
  // The report is regenerated in place by later runs: always revalidate.
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-cache");
  if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
}

void setText(httplib::Response& res, int status) {
  res.status = status;
  res.set_content(std::string(statusText(status)), kTextPlain);
}

}  // namespace

std::optional<fs::path> resolveUnder(const fs::path& root, std::string_view url_path) {
  if (const auto q = url_path.find('?'); q != std::string_view::npos) url_path = url_path.substr(0, q);
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (url_path.starts_with("//")) return std::nullopt;
  if (url_path.find('\\') != std::string_view::npos || url_path.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }

  // Segment by segment, so no segment can hold a separator or name a root of its own.
  fs::path relative;
  for (std::size_t begin = 1; begin <= url_path.size();) {
    std::size_t end = url_path.find('/', begin);
    if (end == std::string_view::npos) end = url_path.size();
    const std::string_view segment = url_path.substr(begin, end - begin);
    if (segment == "..") return std::nullopt;
    if (!segment.empty() && segment != ".") relative /= fs::path(std::string(segment));
    begin = end + 1;
  }

  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  // canonical() resolves every symlink, so the containment test below sees where the file really is.
  fs::path found = fs::canonical(canonical_root / relative, ec);
  if (ec || !isInside(canonical_root, found)) return std::nullopt;
  if (fs::is_directory(found, ec)) {
    found = fs::canonical(found / "index.html", ec);  // index.html may itself be a symlink out
    if (ec || !isInside(canonical_root, found)) return std::nullopt;
  }
  if (!fs::is_regular_file(found, ec) || ec) return std::nullopt;
  return found;
}

std::string_view contentType(const fs::path& file) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  // Browsers refuse module scripts, workers and WebAssembly.instantiateStreaming with a wrong type,
  // and nosniff makes them strict about scripts and styles: keep these exact.
  static constexpr std::array<Entry, 25> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      // JSON is UTF-8 by definition (RFC 8259) and defines no charset parameter.
      {".json", "application/json"},
      {".czml", "application/json"},
      {".geojson", "application/geo+json"},
      {".xml", "application/xml"},
      {".kml", "application/vnd.google-earth.kml+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".wasm", "application/wasm"},
      {".glb", "model/gltf-binary"},
      {".gltf", "model/gltf+json"},
      {".ktx2", "image/ktx2"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
  }};
  const std::string extension = lowercase(file.extension().string());
  for (const Entry& e : kTypes) {
    if (e.extension == extension) return e.type;
  }
  return "application/octet-stream";
}

bool isLoopbackHost(std::string_view host_header) {
  std::string_view name = host_header;
  if (host_header.starts_with('[')) {  // an IPv6 literal: "[::1]:8000"
    const auto close = host_header.find(']');
    if (close == std::string_view::npos) return false;
    name = host_header.substr(0, close + 1);
    const std::string_view rest = host_header.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
  } else if (const auto colon = host_header.find(':'); colon != std::string_view::npos) {
    name = host_header.substr(0, colon);
  }
  // The port is not checked: a rebinding page's Host names its own domain, whatever the port.
  const std::string n = lowercase(name);
  return n == "127.0.0.1" || n == "localhost" || n == "[::1]";
}

// httplib::Server, subclassed for its protected listening socket (svr_sock_): httplib's stop() does
// nothing until listen_after_bind() has set is_running_, so a stop() that came first would be lost
// and run() would then block for good; and ~Server() does not close a socket that was bound but never
// served. closeListeningSocket() does what stop() does, unconditionally.
struct StaticServer::Impl : httplib::Server {
  explicit Impl(fs::path canonical_root) : root_dir(std::move(canonical_root)) {
    // Not httplib's default (SO_REUSEPORT), which would let a second server bind the same port and
    // share its connections. SO_REUSEADDR alone still lets `picket view` restart at once on a port
    // left in TIME_WAIT, and a port with a listener stays refused. (httplib's Server() also sets
    // SIGPIPE to SIG_IGN, so a browser cancelling a tile request cannot kill the process.)
    set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    set_address_family(AF_INET);
    // A browser keeps idle connections open; each holds a worker, and stop() waits for them. Short
    // keep-alive keeps Ctrl-C quick; reconnecting on loopback costs nothing.
    set_keep_alive_timeout(2);
    set_payload_max_length(64 * 1024);  // nothing here takes a body
    // Every request goes through answer(), before httplib's own routing: no Get(regex), because
    // std::regex '.' does not match a (decoded) newline, and libstdc++'s regex recurses per character.
    set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return answer(req, res); });
    // Spelled out: a lambda converts to both set_error_handler overloads (std::function<void(...)> too).
    set_error_handler(HandlerWithResponse(&Impl::onError));
    set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { addCommonHeaders(res); });
  }

  ~Impl() override { closeListeningSocket(); }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // After listen_after_bind() returned: on an accept() error httplib has closed the socket itself
  // but left its number in svr_sock_; forget it, so that stop() or ~Impl() cannot close it again
  // (by then the number may belong to another file).
  void forgetListeningSocket() { svr_sock_ = INVALID_SOCKET; }

  void closeListeningSocket() {
    const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock == INVALID_SOCKET) return;
    ::shutdown(sock, SHUT_RDWR);  // wakes the accept() in listen_after_bind()
    ::close(sock);
  }

  HandlerResponse answer(const httplib::Request& req, httplib::Response& res) {
    addCommonHeaders(res);
    if (req.method != "GET" && req.method != "HEAD") {
      // httplib then reads and drops any body (so the connection stays in step) and answers 404,
      // which onError turns into 405.
      refused.fetch_add(1, std::memory_order_relaxed);
      return HandlerResponse::Unhandled;
    }
    try {
      if (!isLoopbackHost(req.get_header_value("Host"))) {
        setText(res, 403);
        refused.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      const std::optional<fs::path> file = resolveUnder(root_dir, req.path);
      std::string body;
      if (!file || !readWhole(*file, body)) {
        setText(res, 404);
        refused.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      // A folder named without its trailing slash ("/report"): redirect, so that the page's relative
      // links (cesium/Cesium.js) resolve inside it.
      if (!req.path.ends_with('/') && file->filename() == "index.html" && !req.path.ends_with("/index.html")) {
        res.set_redirect(req.path + "/", 301);
        served.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      // What Response::set_content does, without copying a file of several MB. The status is left
      // unset: httplib then answers 200, or 206 with the parts a Range header asks for (HEAD: the
      // headers only, with the file's Content-Length).
      res.body = std::move(body);
      res.set_header("Content-Type", std::string(contentType(*file)));
      served.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      // Never let httplib answer an exception itself: it would echo what() in a header.
      res.headers.erase("Content-Type");
      setText(res, 500);
      refused.fetch_add(1, std::memory_order_relaxed);
    }
    return HandlerResponse::Handled;
  }

  // Called by httplib for every status >= 400, including its own (400, 414, 413, 404 for methods).
  static HandlerResponse onError(const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
    }
    if (res.body.empty()) setText(res, res.status);
    addCommonHeaders(res);
    // Handled: httplib then sets Content-Length for the body (it does so in apply_ranges, which it
    // skips for its own errors otherwise).
    return HandlerResponse::Handled;
  }

  const fs::path root_dir;
  int bound_port = 0;  // set by bind() before run() starts the worker threads
  std::atomic<std::uint64_t> served{0};
  std::atomic<std::uint64_t> refused{0};
};

StaticServer::StaticServer(const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    throwInputError(SourceLocation{root.string(), 0}, "not a folder: picket view serves a report folder");
  }
  impl_ = std::make_unique<Impl>(std::move(canonical));
}

StaticServer::~StaticServer() = default;

bool StaticServer::bind(int port) {
  PICKET_ASSERT(impl_->bound_port == 0, "StaticServer::bind called twice");
  if (port < 0 || port > 65535) return false;
  if (port == 0) {
    const int any = impl_->bind_to_any_port(kHost);
    if (any <= 0) return false;
    impl_->bound_port = any;
  } else {
    if (!impl_->bind_to_port(kHost, port)) return false;
    impl_->bound_port = port;
  }
  return true;
}

int StaticServer::port() const { return impl_->bound_port; }

const fs::path& StaticServer::root() const { return impl_->root_dir; }

void StaticServer::run() {
  PICKET_ASSERT(impl_->bound_port != 0, "StaticServer::run needs a successful bind()");
  impl_->listen_after_bind();
  impl_->forgetListeningSocket();
}

void StaticServer::stop() { impl_->closeListeningSocket(); }

std::uint64_t StaticServer::requestsServed() const { return impl_->served.load(); }

std::uint64_t StaticServer::requestsRefused() const { return impl_->refused.load(); }

namespace {

// Blocks a signal set in the calling thread for its lifetime; on the way out drops whatever of the
// set is still pending (a second Ctrl-C), so restoring the mask does not deliver it and kill us.
class BlockedSignals {
 public:
  explicit BlockedSignals(const sigset_t& set) : set_(set) {
    const int rc = ::pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    PICKET_ASSERT(rc == 0, "pthread_sigmask failed");
  }
  ~BlockedSignals() {
    timespec zero{};
    while (::sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

 private:
  sigset_t set_;
  sigset_t previous_{};
};

}  // namespace

int serveUntilInterrupted(StaticServer& server, std::ostream& out, std::string_view page) {
  PICKET_ASSERT(server.port() != 0, "serveUntilInterrupted needs a bound server");
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // only to wake the waiter when run() ends by itself
  // Before any thread starts: the waiter and httplib's workers inherit the mask, so SIGINT/SIGTERM
  // reach nobody but sigwait().
  const BlockedSignals blocked(set);

  std::atomic<bool> finishing{false};
  std::atomic<bool> interrupted{false};
  std::thread waiter([&] {
    for (;;) {
      int sig = 0;
      if (::sigwait(&set, &sig) != 0) break;
      if (sig == SIGUSR1 && !finishing.load()) continue;  // a stray SIGUSR1 from outside, not ours
      if (sig != SIGUSR1) interrupted.store(true);
      break;
    }
    server.stop();
  });
  // Whatever way run() ends (even by an exception), wake the waiter and join it before the mask is
  // restored. pthread_kill is safe on a thread that has ended but is not joined yet.
  struct JoinWaiter {
    std::thread& thread;
    std::atomic<bool>& flag;
    ~JoinWaiter() {
      flag.store(true);
      ::pthread_kill(thread.native_handle(), SIGUSR1);
      thread.join();
    }
  };
  {
    const JoinWaiter join{waiter, finishing};
    out << "Serving " << server.root().string() << " at http://127.0.0.1:" << server.port() << page
        << "  (Ctrl-C to stop)" << std::endl;
    server.run();
  }
  out << "Stopped." << std::endl;
  return interrupted.load() ? 0 : 1;
}

}  // namespace picket::serve
