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

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

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

// ---- Range requests ----
//
// The rule (RFC 9110 section 14), applied by planRanges to a GET's Range header:
// - a unit other than "bytes" (compared case-insensitively): the header is ignored, 200 with the
//   whole file (RFC 9110 says an origin server MUST ignore units it does not understand);
// - a "bytes" header that does not parse: 416. Parsing follows RFC 9110's grammar: each range is
//   "first-last", "first-" or "-suffix" in decimal digits, separated by commas with optional spaces
//   or tabs around them (empty list elements are skipped); "last" below "first", a number of 2^63 or
//   more, or a header naming no range at all is malformed;
// - more than kMaxRanges ranges: 416, whatever they are ("an excessive request of small or
//   overlapping ranges", RFC 9110 15.5.17): the cap bounds the work and the response's framing;
// - ranges that start at or past the end of the file (and "-0") are dropped; none left: 416;
// - the rest are coalesced where they overlap or touch (RFC 9110 14.6 allows it), so no byte of the
//   file is sent twice, and listed in the order of their first range in the header;
// - an empty file: Range is ignored (200, RFC 9110 14.2 allows it).
// So a 206 sends at most the whole file once, plus at most kMaxRanges part headers. A 416 carries
// "Content-Range: bytes */SIZE". HEAD ignores Range (RFC 9110 defines it for GET only), and so does a
// request with If-Range: picket sends no validators (ETag, Last-Modified), so none can match.
inline constexpr std::size_t kMaxRanges = 8;

// One byte range of a file, first to last inclusive.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool operator==(const ByteRange&) const = default;
};

// What a Range header asks of a file of `size` bytes, under the rule above.
struct RangePlan {
  enum class Kind {
    Whole,           // 200 with the whole file: no Range, an unknown unit, or an empty file
    Parts,           // 206 with `parts`: one part, or multipart/byteranges for several
    NotSatisfiable,  // 416: malformed, too many ranges, or none within the file
  };
  Kind kind = Kind::Whole;
  // For Parts: 1 to kMaxRanges ranges inside the file, disjoint and not adjacent.
  std::vector<ByteRange> parts;
};

// `range_header` is the header's value, as httplib hands it (leading spaces removed).
RangePlan planRanges(std::string_view range_header, std::uint64_t size);

// ---- Limits under abuse ----

// The most bytes read for one request: its line, headers and any body (picket takes no bodies; one
// sent with another method is read and dropped so the connection stays in step). httplib caps each
// header line at 8 KiB but neither their number nor the request line's length, nor a body it skips:
// without this cap a client could make it buffer any amount. A request that goes past it gets 400
// (or nothing, if its request line never ended) and its connection is closed.
inline constexpr std::size_t kMaxRequestBytes = 128 * 1024;

// The server's limits on slow or stalled clients. httplib 0.11.4 only times out a single recv() or
// send() that waits too long (5 s), so a client sending one header line every few seconds held a
// worker for ever, and eight of them stopped the server. Defaults are the numbers `picket view` uses.
struct ServeLimits {
  // Worker threads; each serves one connection at a time, and further connections wait in a queue.
  // A browser opens at most six connections to one host. (httplib's compiled default is the larger
  // of 8 and the core count less one.)
  unsigned workers = 8;
  // A request's bytes (line, headers, any body) must all arrive within this time of the server
  // starting to wait for it: of the connection being accepted, for its first request, of the previous
  // response being written, for later ones. After it, the server waits no more: it reads what has
  // already arrived and, if the request is still incomplete, closes the connection (after a 400 when
  // its request line was complete). Counting from acceptance, not from a worker taking the connection,
  // means that every connection waiting in the queue ahead of a new one is past its deadline (or
  // complete) by the time the new one's own deadline comes: so with every worker held by clients
  // trickling their headers, a request sent in full is answered within about this time of arriving.
  std::chrono::milliseconds request_deadline{5000};
  // Writing one response must end within this time of its first byte (and each send() may still wait
  // at most httplib's 5 s): a client that reads a large file a trickle at a time is cut off then. On
  // loopback a browser reads even a 100 MB file in well under a second.
  std::chrono::milliseconds response_deadline{30000};
};

// A static-file server for one folder, on 127.0.0.1 only.
//
// Responses: GET and HEAD of a file under the root: 200 with its content type, or for a GET's Range
// header 206 or 416 (the rule above planRanges). Refused or missing paths: 404 with a short
// plain-text body, the same for both, so a response never tells whether something exists outside
// the root. A Host that is not a loopback name: 403. Other methods: 405 with "Allow: GET, HEAD". Every
// response carries "Cache-Control: no-cache" and "X-Content-Type-Options: nosniff"; file responses
// "Accept-Ranges: bytes". Nothing is logged, nothing is compressed (on loopback compressing costs more
// than it saves: httplib's brotli took 12 s for a 5 MB script).
//
// Memory per request is bounded whatever the file's size: a file is streamed from an open descriptor
// in 64 KiB chunks as the response is written, never read whole; a request's own bytes are capped at
// kMaxRequestBytes. Connections: a connection is kept alive for at most 5 requests, 2 s idle between
// them, and is closed after its current response while other connections wait for a worker.
//
// Use: construct, bind(), then run() in one thread and stop() from any other. Stop and join the
// thread running run() before destroying the server.
class StaticServer {
 public:
  // Throws InputError when `root` is not an existing folder. Whether it holds an index.html is not
  // checked here (a missing one gives 404 for "/"); the CLI checks it. Tests shorten `limits`.
  explicit StaticServer(const std::filesystem::path& root, ServeLimits limits = {});
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
  // the responses being written are finished (each within ServeLimits::response_deadline).
  // Connections waiting for a request, idle or half-sent, are dropped within about 0.1 s.
  void stop();

  // For tests: requests answered with a file (200, 206, 301), and requests refused (403, 404, 405,
  // 416, 500).
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
