#include "serve/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <functional>
#include <limits>
#include <ostream>
#include <random>
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

using Clock = std::chrono::steady_clock;

constexpr const char* kHost = "127.0.0.1";
constexpr const char* kTextPlain = "text/plain; charset=utf-8";
// How much of a file one provider call reads and sends: the memory a response holds.
constexpr std::size_t kChunkBytes = 64 * 1024;
// How often a wait for a client's bytes checks whether stop() was called.
constexpr std::chrono::milliseconds kStopPoll{100};

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

bool isOws(char c) { return c == ' ' || c == '\t'; }

std::string_view trimOws(std::string_view s) {
  while (!s.empty() && isOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && isOws(s.back())) s.remove_suffix(1);
  return s;
}

// 1*DIGIT below 2^63: httplib's own parser (std::stoll) refuses larger numbers, and agreeing with it
// keeps the two from ever disagreeing on whether a header is malformed (see answerRefusedRange).
std::optional<std::uint64_t> parseDigits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string contentRange(const ByteRange& r, std::uint64_t size) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" + std::to_string(size);
}

// A multipart boundary: random, so that it cannot be predicted and planted in a file.
std::string makeBoundary() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string boundary = "picket-";
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = random();
    for (int i = 0; i < 16; ++i, bits >>= 4) boundary += kHex[bits & 0xF];
  }
  return boundary;
}

// A file opened for one response. The descriptor, not the path, is read from then on, so the bytes
// sent are those of the file whose size was announced (a file replaced meanwhile is still read).
class OpenFile {
 public:
  // Null when `path` cannot be opened or is not a regular file. O_NOFOLLOW: `path` is canonical, so
  // a symlink there now was put there after resolveUnder checked it. O_NONBLOCK: a FIFO put there
  // would otherwise block open() until a writer came; it is refused by the fstat below.
  static std::shared_ptr<OpenFile> open(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return nullptr;
    }
    return std::shared_ptr<OpenFile>(new OpenFile(fd, static_cast<std::uint64_t>(st.st_size)));
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  [[nodiscard]] std::uint64_t size() const { return size_; }
  // Up to `length` bytes at `offset`; 0 at the end of the file (it shrank), -1 on an error.
  ssize_t readAt(std::uint64_t offset, char* out, std::size_t length) const {
    for (;;) {
      const ssize_t n = ::pread(fd_, out, length, static_cast<off_t>(offset));
      if (n >= 0 || errno != EINTR) return n;
    }
  }

 private:
  OpenFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  std::uint64_t size_;
};

// A response body made of literal text (multipart framing) and slices of one open file, produced a
// chunk at a time by httplib's content provider.
struct FileBody {
  struct Piece {
    std::string text;  // sent first
    std::uint64_t file_offset = 0;
    std::uint64_t file_length = 0;  // then these bytes of the file
    [[nodiscard]] std::uint64_t size() const { return text.size() + file_length; }
  };

  [[nodiscard]] std::uint64_t size() const {
    std::uint64_t total = 0;
    for (const Piece& p : pieces) total += p.size();
    return total;
  }

  // httplib's ContentProvider: sends some of the bytes from `offset` (of at most `length` left), at
  // most one chunk. False ends the response early (the connection is then closed, as its length was
  // announced): the file shrank or could not be read.
  bool provide(std::uint64_t offset, std::uint64_t length, httplib::DataSink& sink) {
    std::uint64_t start = 0;
    for (const Piece& p : pieces) {
      if (offset >= start + p.size()) {
        start += p.size();
        continue;
      }
      std::uint64_t within = offset - start;
      if (within < p.text.size()) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(p.text.size() - within, length));
        return sink.write(p.text.data() + within, n);
      }
      within -= p.text.size();
      const auto want = static_cast<std::size_t>(std::min({p.file_length - within, length, std::uint64_t{kChunkBytes}}));
      chunk.resize(kChunkBytes);
      const ssize_t got = file->readAt(p.file_offset + within, chunk.data(), want);
      if (got <= 0) return false;
      return sink.write(chunk.data(), static_cast<std::size_t>(got));
    }
    return false;
  }

  std::shared_ptr<OpenFile> file;
  std::vector<Piece> pieces;
  std::vector<char> chunk;  // one per response, filled by the one thread writing it
};

std::string_view statusText(int status) {
  switch (status) {
    case 400: return "Bad request\n";
    case 403: return "Forbidden: not addressed to this loopback server\n";
    case 404: return "Not found\n";
    case 405: return "Method not allowed: GET and HEAD only\n";
    case 416: return "Range not satisfiable\n";
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

RangePlan planRanges(std::string_view range_header, std::uint64_t size) {
  const RangePlan refuse{RangePlan::Kind::NotSatisfiable, {}};
  const std::string_view value = trimOws(range_header);
  const std::size_t equals = value.find('=');
  if (lowercase(value.substr(0, equals)) != "bytes") return {};  // a unit picket does not know: ignored
  if (equals == std::string_view::npos) return refuse;

  struct Wanted {
    ByteRange range;
    std::size_t order;  // position in the header
  };
  std::vector<Wanted> wanted;
  std::size_t specs = 0;
  std::string_view rest = value.substr(equals + 1);
  for (;;) {
    const std::size_t comma = rest.find(',');
    const std::string_view spec = trimOws(rest.substr(0, comma));
    if (!spec.empty()) {
      // Refused as soon as the cap is passed: the work per header stays bounded too.
      if (++specs > kMaxRanges) return refuse;
      const std::size_t dash = spec.find('-');
      if (dash == std::string_view::npos) return refuse;
      const std::string_view first_text = spec.substr(0, dash);
      const std::string_view last_text = spec.substr(dash + 1);
      if (first_text.empty()) {  // "-N": the last N bytes
        const std::optional<std::uint64_t> suffix = parseDigits(last_text);
        if (!suffix) return refuse;
        if (*suffix > 0 && size > 0) wanted.push_back({{size - std::min(*suffix, size), size - 1}, specs});
      } else {  // "F-L" or "F-"
        const std::optional<std::uint64_t> first = parseDigits(first_text);
        if (!first) return refuse;
        std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
        if (!last_text.empty()) {
          const std::optional<std::uint64_t> parsed = parseDigits(last_text);
          if (!parsed || *parsed < *first) return refuse;
          last = *parsed;
        }
        if (*first < size) wanted.push_back({{*first, std::min(last, size - 1)}, specs});
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (specs == 0) return refuse;  // "bytes=" names no range
  if (size == 0) return {};       // nothing to slice: the (empty) whole file
  if (wanted.empty()) return refuse;

  // Coalesce what overlaps or touches, then list the parts by their first range's place in the header.
  std::sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) { return a.range.first < b.range.first; });
  std::vector<Wanted> merged;
  for (const Wanted& w : wanted) {
    if (!merged.empty() && w.range.first <= merged.back().range.last + 1) {
      merged.back().range.last = std::max(merged.back().range.last, w.range.last);
      merged.back().order = std::min(merged.back().order, w.order);
    } else {
      merged.push_back(w);
    }
  }
  std::sort(merged.begin(), merged.end(), [](const Wanted& a, const Wanted& b) { return a.order < b.order; });
  RangePlan plan{RangePlan::Kind::Parts, {}};
  for (const Wanted& w : merged) plan.parts.push_back(w.range);
  return plan;
}

namespace {

// When the connection a worker is about to serve was accepted: set by Workers on that worker's
// thread just before it calls httplib's task (which reaches process_and_close_socket with the socket
// only). The epoch when unknown.
thread_local Clock::time_point t_accepted{};

// httplib's ThreadPool with picket's fixed size, which also counts the connections waiting for a
// worker (a worker then closes its connection after the current response) and stamps each with its
// acceptance time (each request's deadline counts from it). httplib owns it (new_task_queue).
class Workers final : public httplib::TaskQueue {
 public:
  Workers(std::size_t count, std::atomic<int>& waiting) : pool_(std::max<std::size_t>(count, 1)), waiting_(waiting) {}

  void enqueue(std::function<void()> fn) override {
    waiting_.fetch_add(1);
    pool_.enqueue([&waiting = waiting_, fn = std::move(fn), accepted = Clock::now()] {
      waiting.fetch_sub(1);
      t_accepted = accepted;
      fn();
    });
  }
  // Runs the tasks still queued (process_and_close_socket closes them at once: the server is
  // stopping) and joins the workers.
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<int>& waiting_;
};

// The stream httplib reads a connection's requests from and writes its responses to; one for the
// whole connection (httplib's SocketStream lives for one request, and loses pipelined bytes it had
// read ahead). It adds the limits httplib 0.11.4 lacks, whose timeouts only bound a single recv() or
// send(): a deadline for all of a request's bytes, a cap on their number, a deadline for writing a
// response, and waits that end soon after stop().
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, const ServeLimits& limits, Clock::duration read_stall, Clock::duration write_stall,
                   const std::atomic<socket_t>& listening)
      : sock_(sock),
        limits_(limits),
        read_stall_(read_stall),
        write_stall_(write_stall),
        listening_(listening),
        buffer_(4096) {}

  using httplib::Stream::write;

  // Starts the next request: its bytes must all arrive by `waiting_since` + request_deadline.
  void beginRequest(Clock::time_point waiting_since) {
    read_deadline_ = waiting_since + limits_.request_deadline;
    write_deadline_.reset();
    request_bytes_ = 0;
  }

  // Whether the next request's first byte is here, or comes before `idle_until` (and the deadline).
  bool awaitRequest(Clock::time_point idle_until) {
    return begin_ < end_ || waitFor(POLLIN, std::min(idle_until, read_deadline_), true);
  }

  // A read or write failed (deadline, byte cap, stop(), or the socket): the connection is out of step
  // with the client and must be closed.
  [[nodiscard]] bool failed() const { return failed_; }

  bool is_readable() const override {
    return begin_ < end_ || waitFor(POLLIN, std::min(read_deadline_, Clock::now() + read_stall_), true);
  }

  bool is_writable() const override { return waitFor(POLLOUT, writeUntil(), false); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (request_bytes_ >= kMaxRequestBytes) return fail();
    size = std::min(size, kMaxRequestBytes - request_bytes_);
    while (begin_ == end_) {
      // Past the deadline this still takes bytes that have already arrived (poll with no wait): a
      // connection that waited in the queue past its deadline is served if its request is all here.
      if (!waitFor(POLLIN, std::min(read_deadline_, Clock::now() + read_stall_), true)) return fail();
      const ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
      if (n == 0) return 0;  // the client closed the connection
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        return fail();
      }
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    request_bytes_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!write_deadline_) write_deadline_ = Clock::now() + limits_.response_deadline;
    for (;;) {
      if (!waitFor(POLLOUT, writeUntil(), false)) return fail();
      const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) return n;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return fail();
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t fail() {
    failed_ = true;
    return -1;
  }

  [[nodiscard]] Clock::time_point writeUntil() const {
    const Clock::time_point stall = Clock::now() + write_stall_;
    return write_deadline_ ? std::min(*write_deadline_, stall) : stall;
  }

  // Waits until the socket is ready for `events`, an error or hang-up included (recv or send then
  // reports it), or `until` passes; checks once without waiting when it has passed already.
  // `stoppable`: give up too once stop() has closed the listening socket.
  bool waitFor(short events, Clock::time_point until, bool stoppable) const {
    for (;;) {
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now());
      wait = std::max(wait, std::chrono::milliseconds{0});
      if (stoppable) wait = std::min(wait, kStopPoll);
      pollfd p{sock_, events, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(wait.count()));
      if (rc > 0) return true;
      if (rc < 0 && errno != EINTR) return false;
      if (stoppable && listening_.load() == INVALID_SOCKET) return false;
      if (Clock::now() >= until) return false;
    }
  }

  // For the REMOTE_ADDR/LOCAL_ADDR headers httplib adds to a request (unused here).
  void address(bool remote, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t length = sizeof(addr);
    auto* any = reinterpret_cast<sockaddr*>(&addr);
    if ((remote ? ::getpeername(sock_, any, &length) : ::getsockname(sock_, any, &length)) != 0) return;
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (addr.ss_family == AF_INET) {
      const auto* in4 = reinterpret_cast<const sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &in4->sin_addr, text.data(), text.size());
      port = ntohs(in4->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), text.size());
      port = ntohs(in6->sin6_port);
    }
    ip = text.data();
  }

  const socket_t sock_;
  const ServeLimits& limits_;
  const Clock::duration read_stall_;
  const Clock::duration write_stall_;
  const std::atomic<socket_t>& listening_;
  std::vector<char> buffer_;  // bytes received and not yet read; kept from one request to the next
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  Clock::time_point read_deadline_{};
  std::optional<Clock::time_point> write_deadline_;
  std::size_t request_bytes_ = 0;
  bool failed_ = false;
};

enum class RangeRule {
  Apply,   // answer a Range header under planRanges' rule
  Refuse,  // 416 for any GET: httplib refused the header part-way (see answerRefusedRange)
};

}  // namespace

// httplib::Server, subclassed for its protected listening socket (svr_sock_): httplib's stop() does
// nothing until listen_after_bind() has set is_running_, so a stop() that came first would be lost
// and run() would then block for good; and ~Server() does not close a socket that was bound but never
// served. closeListeningSocket() does what stop() does, unconditionally. Also for its virtual
// process_and_close_socket and protected process_request, through which each connection is served
// with ConnectionStream's limits.
struct StaticServer::Impl : httplib::Server {
  Impl(fs::path canonical_root, ServeLimits serve_limits) : root_dir(std::move(canonical_root)), limits(serve_limits) {
    // Not httplib's default (SO_REUSEPORT), which would let a second server bind the same port and
    // share its connections. SO_REUSEADDR alone still lets `picket view` restart at once on a port
    // left in TIME_WAIT, and a port with a listener stays refused. (httplib's Server() also sets
    // SIGPIPE to SIG_IGN, so a browser cancelling a tile request cannot kill the process.)
    set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    set_address_family(AF_INET);
    // A browser keeps idle connections open; each holds a worker. Short keep-alive frees them soon;
    // reconnecting on loopback costs nothing.
    set_keep_alive_timeout(2);
    set_payload_max_length(64 * 1024);  // nothing here takes a body
    new_task_queue = [this] { return new Workers(limits.workers, waiting); };
    // Every request goes through answer(), before httplib's own routing: no Get(regex), because
    // std::regex '.' does not match a (decoded) newline, and libstdc++'s regex recurses per character.
    set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return answer(req, res); });
    // Spelled out: a lambda converts to both set_error_handler overloads (std::function<void(...)> too).
    set_error_handler(HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) { return onError(req, res); }));
    set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { addCommonHeaders(res); });
  }

  ~Impl() override { closeListeningSocket(); }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // After listen_after_bind() returned: on an accept() error httplib has closed the socket itself
  // but left its number in svr_sock_; forget it, so that stop() or ~Impl() cannot close it again
  // (by then the number may belong to another file).
  void forgetListeningSocket() { svr_sock_ = INVALID_SOCKET; }

  // httplib 0.11.4 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled in): a burst of
  // more connections than that, before the accepting thread runs, had the rest dropped and retried by
  // the client's TCP a second later. listen() on a listening socket only changes its backlog.
  void widenBacklog() { ::listen(svr_sock_, 64); }

  void closeListeningSocket() {
    const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock == INVALID_SOCKET) return;
    ::shutdown(sock, SHUT_RDWR);  // wakes the accept() in listen_after_bind()
    ::close(sock);
  }

  // Replaces httplib's loop over a connection's requests (detail::process_server_socket), whose
  // SocketStream only times out single recv() calls; called by a worker for each accepted connection.
  bool process_and_close_socket(socket_t sock) override {
    const Clock::time_point accepted = t_accepted == Clock::time_point{} ? Clock::now() : t_accepted;
    ConnectionStream stream(sock, limits,
                            std::chrono::seconds(read_timeout_sec_) + std::chrono::microseconds(read_timeout_usec_),
                            std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_),
                            svr_sock_);
    bool ok = false;
    Clock::time_point waiting_since = accepted;
    for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      stream.beginRequest(waiting_since);
      if (!stream.awaitRequest(waiting_since + std::chrono::seconds(keep_alive_timeout_sec_))) break;
      // While other connections wait for a worker, this one gets one more response, not five.
      const bool last = left == 1 || waiting.load() > 0;
      bool client_closes = false;
      // httplib has parsed the Range header into req.ranges; emptied, they keep its apply_ranges and
      // provider writer out of the way: answer() applies Range itself.
      ok = process_request(stream, last, client_closes, [](httplib::Request& req) { req.ranges.clear(); });
      if (!ok || client_closes || last || stream.failed()) break;
      waiting_since = Clock::now();
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }

  HandlerResponse answer(const httplib::Request& req, httplib::Response& res, RangeRule rule = RangeRule::Apply) {
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
      const std::optional<fs::path> path = resolveUnder(root_dir, req.path);
      const std::shared_ptr<OpenFile> file = path ? OpenFile::open(*path) : nullptr;
      if (!file) {
        setText(res, 404);
        refused.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      // A folder named without its trailing slash ("/report"): redirect, so that the page's relative
      // links (cesium/Cesium.js) resolve inside it.
      if (!req.path.ends_with('/') && path->filename() == "index.html" && !req.path.ends_with("/index.html")) {
        res.set_redirect(req.path + "/", 301);
        served.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      RangePlan plan;  // the whole file
      if (req.method == "GET") {
        if (rule == RangeRule::Refuse) {
          plan.kind = RangePlan::Kind::NotSatisfiable;
        } else if (req.has_header("Range") && !req.has_header("If-Range")) {
          plan = planRanges(req.get_header_value("Range"), file->size());
        }
      }
      if (plan.kind == RangePlan::Kind::NotSatisfiable) {
        res.set_header("Content-Range", "bytes */" + std::to_string(file->size()));
        setText(res, 416);
        refused.fetch_add(1, std::memory_order_relaxed);
        return HandlerResponse::Handled;
      }
      res.set_header("Accept-Ranges", "bytes");
      setFileBody(res, file, plan, std::string(contentType(*path)));
      served.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      // Never let httplib answer an exception itself: it would echo what() in a header.
      res = httplib::Response();
      addCommonHeaders(res);
      setText(res, 500);
      refused.fetch_add(1, std::memory_order_relaxed);
    }
    return HandlerResponse::Handled;
  }

  // The status is set explicitly, so httplib never picks 206 from a Range of its own. The body is
  // always a content provider with its exact length (httplib then sends Content-Length and streams
  // it; HEAD gets the length and no body) and never compressed: httplib compresses plain bodies only.
  static void setFileBody(httplib::Response& res, const std::shared_ptr<OpenFile>& file, const RangePlan& plan,
                          const std::string& type) {
    const std::uint64_t size = file->size();
    auto body = std::make_shared<FileBody>();
    body->file = file;
    std::string body_type = type;
    if (plan.kind == RangePlan::Kind::Whole) {
      res.status = 200;
      body->pieces.push_back({"", 0, size});
    } else if (plan.parts.size() == 1) {
      const ByteRange& r = plan.parts.front();
      res.status = 206;
      res.set_header("Content-Range", contentRange(r, size));
      body->pieces.push_back({"", r.first, r.last - r.first + 1});
    } else {
      // multipart/byteranges (RFC 9110 14.6): each part its own Content-Type and Content-Range.
      const std::string boundary = makeBoundary();
      res.status = 206;
      body_type = "multipart/byteranges; boundary=" + boundary;
      for (const ByteRange& r : plan.parts) {
        std::string head = body->pieces.empty() ? "" : "\r\n";
        head += "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " + contentRange(r, size) + "\r\n\r\n";
        body->pieces.push_back({std::move(head), r.first, r.last - r.first + 1});
      }
      body->pieces.push_back({"\r\n--" + boundary + "--\r\n", 0, 0});
    }
    const std::uint64_t length = body->size();
    if (length == 0) {
      // An empty file. httplib refuses a provider of length 0 (it would send no Content-Length): an
      // empty body gets "Content-Length: 0".
      res.set_header("Content-Type", body_type);
      return;
    }
    res.set_content_provider(static_cast<std::size_t>(length), body_type,
                             [body](std::size_t offset, std::size_t left, httplib::DataSink& sink) {
                               return body->provide(offset, left, sink);
                             });
  }

  // Called by httplib for every status >= 400, including its own (400, 414, 413, 404 for methods, and
  // 416 for a Range header its parser refuses).
  HandlerResponse onError(const httplib::Request& req, httplib::Response& res) {
    // Every 416 of answer() carries Content-Range; one without comes from httplib itself.
    if (res.status == 416 && !res.has_header("Content-Range")) return answerRefusedRange(req, res);
    finishError(req, res);
    // Handled: httplib then sets Content-Length for the body (it does so in apply_ranges, which it
    // skips for its own errors otherwise).
    return HandlerResponse::Handled;
  }

  // httplib 0.11.4 parses Range itself (detail::parse_range_header) before any handler runs, and
  // answers a bare 416 when its parser fails: for a unit other than a lowercase "bytes", stray
  // spaces, a last below a first, a number of 2^63 or more. Answer such a request under picket's rule
  // instead (an unknown unit is then ignored, as RFC 9110 requires).
  HandlerResponse answerRefusedRange(const httplib::Request& req, httplib::Response& res) {
    res = httplib::Response();
    // A parser failing part-way leaves the ranges it had read in req.ranges, which this handler cannot
    // empty (req is const here) and which apply_ranges and httplib's provider writer would apply. That
    // happens only when a range has its last below its first or a number of 2^63 or more, which
    // planRanges refuses as well: so refuse (416, a plain body) without parsing, and return Unhandled,
    // which skips apply_ranges, with our own Content-Length. (A HEAD gets its file's headers: no body
    // is written, so the ranges are never applied.)
    const bool leftovers = !req.ranges.empty();
    if (answer(req, res, leftovers ? RangeRule::Refuse : RangeRule::Apply) == HandlerResponse::Unhandled) {
      res.status = 405;  // another method
    }
    if (res.status >= 400) finishError(req, res);
    if (!leftovers) return HandlerResponse::Handled;  // apply_ranges, with no ranges, sets Content-Length
    res.set_header("Content-Length", std::to_string(res.content_provider_ ? res.content_length_ : res.body.size()));
    return HandlerResponse::Unhandled;
  }

  static void finishError(const httplib::Request& req, httplib::Response& res) {
    if (res.status == 405 || (res.status == 404 && req.method != "GET" && req.method != "HEAD")) {
      res.status = 405;
      if (!res.has_header("Allow")) res.set_header("Allow", "GET, HEAD");
    }
    if (res.body.empty()) setText(res, res.status);
    addCommonHeaders(res);
  }

  const fs::path root_dir;
  const ServeLimits limits;
  int bound_port = 0;  // set by bind() before run() starts the worker threads
  std::atomic<int> waiting{0};  // connections accepted and not yet taken by a worker
  std::atomic<std::uint64_t> served{0};
  std::atomic<std::uint64_t> refused{0};
};

StaticServer::StaticServer(const fs::path& root, ServeLimits limits) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    throwInputError(SourceLocation{root.string(), 0}, "not a folder: picket view serves a report folder");
  }
  impl_ = std::make_unique<Impl>(std::move(canonical), limits);
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
  impl_->widenBacklog();
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
