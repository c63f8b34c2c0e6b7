// serve: the localhost static-file server behind `picket view DIR [--port P]`.
//
// It serves one folder (a run's HTML report: index.html, JS, CSS, JSON, imagery tiles, Cesium's
// workers and assets) on 127.0.0.1 only, and never anything outside that folder. cpp-httplib does the
// HTTP; it stays out of this header (pimpl), so users of server.h need not see httplib.h.
//
// Checking that DIR is a folder with an index.html is the caller's job (the CLI reports it as an
// InputError with exit status 2). StaticServer still refuses a root that is not a folder, with the
// same InputError, so a bad root can never turn into serving something else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>

namespace picket::serve {

// The regular file that `url_path` names under `root`, or nullopt when it is refused or absent.
//
// `root` may be any path to an existing folder: it is canonicalised here (a few stat calls per
// request, nothing next to disk and network), so callers need not canonicalise it themselves.
// `url_path` is the request path as cpp-httplib 0.11.4 hands it to a handler (Request::path):
// Server::parse_request_line splits the request target at its first '?', drops the query, and
// percent-decodes the rest exactly once (detail::decode_url, '+' kept). It is never decoded again
// here: "%252e" arrives as "%2e" and stays a literal file name.
//
// Refused: an empty path or one not starting with '/'; one starting with "//"; a backslash or a NUL
// byte anywhere; any segment equal to ".." (even "/a/../index.html", which would stay inside: one
// simple rule instead of lexical normalisation); and anything whose canonical, symlink-resolved
// location is not inside the canonical root (a symlink pointing out is refused, one pointing inside
// is followed). Anything that is not a regular file (a FIFO, a device) is refused too.
// "/" and a folder map to that folder's index.html (itself checked the same way). A '?' and what
// follows it is cut off first; httplib has already removed the query, so this only matters for
// callers passing a raw target, and it can only shorten the path.
std::optional<std::filesystem::path> resolveUnder(const std::filesystem::path& root, std::string_view url_path);

// The Content-Type for a file, from its extension (case-insensitive); text/* types carry
// "; charset=utf-8". application/octet-stream for anything not listed.
std::string_view contentType(const std::filesystem::path& file);

// Whether a Host header names a loopback server: "127.0.0.1", "localhost" or "[::1]", with any port
// or none. Requests with any other Host (or none) get 403: a web page cannot then use DNS rebinding
// (its own domain re-pointed at 127.0.0.1) to read the report through the visitor's browser.
bool isLoopbackHost(std::string_view host_header);

// A static-file server for one folder, on 127.0.0.1 only.
//
// Responses: GET and HEAD of a file under the root: 200 (206 for a Range request) with its content
// type. Refused or missing paths: 404 with a short plain-text body, the same for both, so a
// response never tells whether something exists outside the root. A Host that is not a loopback
// name: 403. Other methods: 405 with "Allow: GET, HEAD". Every response carries
// "Cache-Control: no-cache" and "X-Content-Type-Options: nosniff". Nothing is logged.
//
// Use: construct, bind(), then run() in one thread and stop() from any other. Stop and join the
// thread running run() before destroying the server.
class StaticServer {
 public:
  // Throws InputError when `root` is not an existing folder. Whether it holds an index.html is not
  // checked here (a missing one gives 404 for "/"); the CLI checks it.
  explicit StaticServer(const std::filesystem::path& root);
  ~StaticServer();

  StaticServer(const StaticServer&) = delete;
  StaticServer& operator=(const StaticServer&) = delete;

  // Binds 127.0.0.1:port (port 0: any free port) and starts listening; false when the port is in use
  // or cannot be bound. Call it once.
  [[nodiscard]] bool bind(int port);
  // The bound port; 0 before a successful bind().
  [[nodiscard]] int port() const;
  // The canonical root folder.
  [[nodiscard]] const std::filesystem::path& root() const;

  // Serves until stop(). Requires a successful bind(). Returns at once if stop() came first.
  void run();
  // Thread-safe, idempotent; may come before run(). Closes the listening socket; run() returns once
  // the requests in flight are answered (an idle keep-alive connection may hold it for ~2 s).
  void stop();

  // For tests: requests answered with a file, and requests refused (403, 404, 405, 500).
  [[nodiscard]] std::uint64_t requestsServed() const;
  [[nodiscard]] std::uint64_t requestsRefused() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Prints exactly one line, "Serving <root> at http://127.0.0.1:<port><page>  (Ctrl-C to stop)", flushed
// (`page`: the path to open, "/" or e.g. "/report/"),
// then serves until SIGINT or SIGTERM, prints "Stopped." and returns 0. Returns 1 (after "Stopped.")
// if the server ended by itself, e.g. on an accept() error.
//
// The server must be bound. SIGINT, SIGTERM and SIGUSR1 are blocked in the calling thread before the
// server's threads start (they inherit the mask), one thread sigwait()s for them and calls stop(); so
// no signal handler runs and nothing async-signal-unsafe happens. If run() ends otherwise, SIGUSR1
// (pthread_kill) wakes that thread. The caller's signal mask is restored at the end, after dropping
// any second Ctrl-C still pending.
int serveUntilInterrupted(StaticServer& server, std::ostream& out, std::string_view page = "/");

}  // namespace picket::serve
