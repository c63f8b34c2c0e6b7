#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "serve/server.h"

namespace picket::serve {
namespace {
namespace fs = std::filesystem;

constexpr const char* kIndex = "<!doctype html><title>picket report</title>\n";
constexpr const char* kSecret = "TOPSECRET";

void writeFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A fresh tree per test: <tmp>/outside/secret.txt next to the served <tmp>/outside/root/.
class ServeTree : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    base_ = fs::temp_directory_path() / ("picket-serve-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(base_);
    outside_ = base_ / "outside";
    root_ = outside_ / "root";
    writeFile(outside_ / "secret.txt", kSecret);
    writeFile(root_ / "index.html", kIndex);
    writeFile(root_ / "a" / "b.js", "console.log('b');\n");
    writeFile(root_ / "sub" / "index.html", "<p>sub</p>\n");
    writeFile(root_ / "%41.txt", "literal percent name\n");
    fs::create_symlink(outside_ / "secret.txt", root_ / "link-out.txt");  // absolute, pointing out
    fs::create_symlink("../secret.txt", root_ / "rel-link-out.txt");      // relative, pointing out
    fs::create_directory_symlink(outside_, root_ / "up");                 // a folder pointing out
    fs::create_symlink("a/b.js", root_ / "alias.js");                     // pointing inside: followed
    fs::create_directories(root_ / "evil");
    fs::create_symlink("../../secret.txt", root_ / "evil" / "index.html");  // a folder's index pointing out
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  [[nodiscard]] fs::path in(const fs::path& relative) const { return fs::canonical(root_ / relative); }

  fs::path base_, outside_, root_;
};

// ---- resolveUnder ----

TEST_F(ServeTree, ResolvesFilesAndIndexes) {
  EXPECT_EQ(resolveUnder(root_, "/"), in("index.html"));
  EXPECT_EQ(resolveUnder(root_, "/index.html"), in("index.html"));
  EXPECT_EQ(resolveUnder(root_, "/a/b.js"), in("a/b.js"));
  EXPECT_EQ(resolveUnder(root_, "/a//b.js"), in("a/b.js"));
  EXPECT_EQ(resolveUnder(root_, "/./a/b.js"), in("a/b.js"));
  EXPECT_EQ(resolveUnder(root_, "/sub"), in("sub/index.html"));
  EXPECT_EQ(resolveUnder(root_, "/sub/"), in("sub/index.html"));
  EXPECT_EQ(resolveUnder(root_, "/index.html?v=3"), in("index.html"));  // a query is cut off
  EXPECT_EQ(resolveUnder(root_, "/alias.js"), in("a/b.js"));  // a symlink that stays inside
  // The root need not be canonical: it is canonicalised inside.
  EXPECT_EQ(resolveUnder(root_ / "a" / "..", "/a/b.js"), in("a/b.js"));
}

TEST_F(ServeTree, RefusesTraversal) {
  EXPECT_EQ(resolveUnder(root_, "/../secret.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/a/../../secret.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/.."), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/../"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "//etc/passwd"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/" + (outside_ / "secret.txt").string()), std::nullopt);  // "//tmp/..."
  EXPECT_EQ(resolveUnder(root_, "/a\\..\\..\\secret.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, std::string_view("/index.html\0.png", 16)), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "relative"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "index.html"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, ""), std::nullopt);
  // Any ".." segment is refused, even one that would stay inside: one simple rule.
  EXPECT_EQ(resolveUnder(root_, "/a/../index.html"), std::nullopt);
}

TEST_F(ServeTree, RefusesSymlinksPointingOut) {
  // The targets exist and are readable: only the containment test refuses them.
  ASSERT_TRUE(fs::is_regular_file(root_ / "link-out.txt"));
  EXPECT_EQ(resolveUnder(root_, "/link-out.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/rel-link-out.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/up/secret.txt"), std::nullopt);
  // Out and back in through a symlink: the file is inside the root, so it may be served.
  EXPECT_EQ(resolveUnder(root_, "/up/root/index.html"), fs::canonical(root_ / "index.html"));
  EXPECT_EQ(resolveUnder(root_, "/up"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/evil/"), std::nullopt);  // index.html is a symlink out
}

TEST_F(ServeTree, RefusesWhatIsMissingAndNeverDecodesTwice) {
  EXPECT_EQ(resolveUnder(root_, "/missing.html"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/a"), std::nullopt);  // a folder without index.html
  EXPECT_EQ(resolveUnder(root_, "/index.html/x"), std::nullopt);
  // Percent signs are literal here: httplib has decoded the path once already.
  EXPECT_EQ(resolveUnder(root_, "/%41.txt"), in("%41.txt"));
  EXPECT_EQ(resolveUnder(root_, "/A.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_, "/%2e%2e/secret.txt"), std::nullopt);
  EXPECT_EQ(resolveUnder(root_ / "nowhere", "/index.html"), std::nullopt);
}

// ---- contentType, isLoopbackHost ----

TEST(ContentType, MapsTheReportsFiles) {
  EXPECT_EQ(contentType("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(contentType("Cesium.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentType("w/worker.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentType("widgets.css"), "text/css; charset=utf-8");
  EXPECT_EQ(contentType("summary.json"), "application/json");
  EXPECT_EQ(contentType("trajectory.czml"), "application/json");
  EXPECT_EQ(contentType("ground_track.geojson"), "application/geo+json");
  EXPECT_EQ(contentType("tile.png"), "image/png");
  EXPECT_EQ(contentType("tile.jpg"), "image/jpeg");
  EXPECT_EQ(contentType("tile.JPEG"), "image/jpeg");
  EXPECT_EQ(contentType("icon.svg"), "image/svg+xml");
  EXPECT_EQ(contentType("draco.wasm"), "application/wasm");
  EXPECT_EQ(contentType("missile.glb"), "model/gltf-binary");
  EXPECT_EQ(contentType("basis.ktx2"), "image/ktx2");
  EXPECT_EQ(contentType("font.woff2"), "font/woff2");
  EXPECT_EQ(contentType("README.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(contentType("LICENSE"), "application/octet-stream");
  EXPECT_EQ(contentType("data.tar.gz"), "application/octet-stream");
}

TEST(LoopbackHost, AcceptsOnlyLoopbackNames) {
  EXPECT_TRUE(isLoopbackHost("127.0.0.1:8000"));
  EXPECT_TRUE(isLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(isLoopbackHost("localhost:8000"));
  EXPECT_TRUE(isLoopbackHost("LocalHost:8000"));
  EXPECT_TRUE(isLoopbackHost("[::1]:8000"));
  EXPECT_TRUE(isLoopbackHost("[::1]"));
  EXPECT_FALSE(isLoopbackHost("evil.example:8000"));  // DNS rebinding
  EXPECT_FALSE(isLoopbackHost("localhost.evil.example:8000"));
  EXPECT_FALSE(isLoopbackHost("127.0.0.1.evil.example"));
  EXPECT_FALSE(isLoopbackHost("[::1"));
  EXPECT_FALSE(isLoopbackHost("[::1]x"));
  EXPECT_FALSE(isLoopbackHost("x"));
  EXPECT_FALSE(isLoopbackHost(""));
}

// ---- planRanges ----

RangePlan parts(std::vector<ByteRange> ranges) { return {RangePlan::Kind::Parts, std::move(ranges)}; }

bool samePlan(const RangePlan& a, const RangePlan& b) { return a.kind == b.kind && a.parts == b.parts; }

const RangePlan kWhole{};
const RangePlan kRefused{RangePlan::Kind::NotSatisfiable, {}};

TEST(PlanRanges, SingleRanges) {
  EXPECT_TRUE(samePlan(planRanges("bytes=0-99", 1000), parts({{0, 99}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=500-", 1000), parts({{500, 999}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=-100", 1000), parts({{900, 999}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=-5000", 1000), parts({{0, 999}})));  // longer than the file: all of it
  EXPECT_TRUE(samePlan(planRanges("bytes=990-5000", 1000), parts({{990, 999}})));  // clipped at the end
  EXPECT_TRUE(samePlan(planRanges("bytes=0-0", 1000), parts({{0, 0}})));
  EXPECT_TRUE(samePlan(planRanges("Bytes=0-1", 1000), parts({{0, 1}})));  // units are case-insensitive
  EXPECT_TRUE(samePlan(planRanges("bytes= 3-4 ", 1000), parts({{3, 4}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=0-9223372036854775807", 1000), parts({{0, 999}})));  // 2^63 - 1
}

TEST(PlanRanges, UnknownUnitsAreIgnored) {
  EXPECT_TRUE(samePlan(planRanges("items=0-5", 1000), kWhole));
  EXPECT_TRUE(samePlan(planRanges("none", 1000), kWhole));
  EXPECT_TRUE(samePlan(planRanges("", 1000), kWhole));
  EXPECT_TRUE(samePlan(planRanges("bytesx=0-5", 1000), kWhole));
}

TEST(PlanRanges, MalformedOrUnsatisfiableIsRefused) {
  for (const char* header : {"bytes", "bytes=", "bytes=,", "bytes= , ", "bytes=abc", "bytes=5-1", "bytes=-",
                             "bytes=1-2-3", "bytes=0-99999999999999999999", "bytes=9223372036854775808-",
                             "bytes=+1-2", "bytes=1 -2", "bytes=0x10-", "bytes=0-1;2-3"}) {
    EXPECT_TRUE(samePlan(planRanges(header, 1000), kRefused)) << header;
  }
  // Well formed, but nothing inside the file.
  EXPECT_TRUE(samePlan(planRanges("bytes=1000-", 1000), kRefused));
  EXPECT_TRUE(samePlan(planRanges("bytes=-0", 1000), kRefused));
  EXPECT_TRUE(samePlan(planRanges("bytes=2000-3000,1000-1000", 1000), kRefused));
  // Unsatisfiable ranges are dropped when another one is inside.
  EXPECT_TRUE(samePlan(planRanges("bytes=0-1,5000-", 1000), parts({{0, 1}})));
}

TEST(PlanRanges, CapsAndCoalesces) {
  EXPECT_EQ(kMaxRanges, 8u);
  EXPECT_TRUE(samePlan(planRanges("bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14", 1000),
                       parts({{0, 0}, {2, 2}, {4, 4}, {6, 6}, {8, 8}, {10, 10}, {12, 12}, {14, 14}})));
  // Nine ranges: refused, even if they would coalesce into one.
  EXPECT_TRUE(samePlan(planRanges("bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16", 1000), kRefused));
  EXPECT_TRUE(samePlan(planRanges("bytes=0-,0-,0-,0-,0-,0-,0-,0-,0-", 1000), kRefused));
  std::string thousand = "bytes=0-";
  for (int i = 1; i < 1000; ++i) thousand += ",0-";
  EXPECT_TRUE(samePlan(planRanges(thousand, 1000), kRefused));
  // Overlapping or touching ranges become one: no byte is sent twice.
  EXPECT_TRUE(samePlan(planRanges("bytes=0-,0-,-1000,0-", 1000), parts({{0, 999}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=10-19,0-9", 1000), parts({{0, 19}})));
  // Parts keep the order of their first range in the header.
  EXPECT_TRUE(samePlan(planRanges("bytes=50-59,0-9,5-20", 1000), parts({{50, 59}, {0, 20}})));
  EXPECT_TRUE(samePlan(planRanges("bytes=0-1,,3-4", 1000), parts({{0, 1}, {3, 4}})));  // empty elements skipped
}

TEST(PlanRanges, EmptyFileIgnoresRange) {
  EXPECT_TRUE(samePlan(planRanges("bytes=0-", 0), kWhole));
  EXPECT_TRUE(samePlan(planRanges("bytes=-5", 0), kWhole));
  EXPECT_TRUE(samePlan(planRanges("bytes=5-1", 0), kRefused));  // still malformed
}

// ---- StaticServer over a real socket ----

TEST_F(ServeTree, RefusesARootThatIsNotAFolder) {
  EXPECT_THROW(StaticServer(base_ / "nowhere"), InputError);
  EXPECT_THROW(StaticServer(root_ / "index.html"), InputError);
}

// A server on a free port, run() in a thread; stopped and joined on the way out.
struct Running {
  explicit Running(const fs::path& root, ServeLimits limits = {}) : server(root, limits) {
    bound = server.bind(0);
    if (bound) thread = std::thread([this] { server.run(); });
  }
  ~Running() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  StaticServer server;
  bool bound = false;
  std::thread thread;
};

struct Reply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::string raw;
};

// A TCP connection to 127.0.0.1:port (-1 on failure) whose reads give up after `timeout_s`, so a
// hung server fails the test instead of blocking it. `receive_buffer`: SO_RCVBUF, when not 0.
int connectTo(int port, int timeout_s = 5, int receive_buffer = 0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{};
  timeout.tv_sec = timeout_s;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (receive_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends all of `bytes`, or as much as the server takes before it closes.
void sendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
}

// Reads until the server closes the connection (or a read times out, or fails), then closes it.
Reply readReply(int fd) {
  Reply reply;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    reply.raw.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (reply.raw.rfind("HTTP/1.1 ", 0) == 0 && reply.raw.size() >= 12) reply.status = std::stoi(reply.raw.substr(9, 3));
  const auto split = reply.raw.find("\r\n\r\n");
  reply.head = reply.raw.substr(0, split);
  if (split != std::string::npos) reply.body = reply.raw.substr(split + 4);
  return reply;
}

// Sends `request` byte for byte over a plain TCP socket (no client library to normalise the path)
// and reads until the server closes the connection.
Reply rawRequest(int port, const std::string& request) {
  const int fd = connectTo(port);
  if (fd < 0) return {};
  sendAll(fd, request);
  return readReply(fd);
}

std::string get(const std::string& target, int port, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nConnection: close\r\n\r\n";
}

// Whether the response has this exact header line ("Name: value").
bool hasHeader(const Reply& r, const std::string& line) {
  return (r.head + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos;
}

// The value of a response header ("" when absent; the first one when repeated).
std::string headerValue(const Reply& r, const std::string& name) {
  const std::string key = "\r\n" + name + ": ";
  const auto at = r.head.find(key);
  if (at == std::string::npos) return "";
  const auto begin = at + key.size();
  return r.head.substr(begin, r.head.find("\r\n", begin) - begin);
}

// How many times `text` occurs in `s`.
std::size_t count(const std::string& s, const std::string& text) {
  std::size_t n = 0;
  for (auto at = s.find(text); at != std::string::npos; at = s.find(text, at + text.size())) ++n;
  return n;
}

std::string rangeGet(const std::string& target, int port, const std::string& range, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nRange: " + range +
         "\r\nConnection: close\r\n\r\n";
}

// Bytes that differ from place to place, so that a slice from the wrong offset shows.
std::string patternBytes(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
  return bytes;
}

// The process's peak resident memory so far (VmHWM), in KiB; 0 when unknown.
std::uint64_t peakMemoryKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(ServeTree, ServesTheReport) {
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();
  ASSERT_GT(port, 0);

  const Reply index = rawRequest(port, get("/", port));
  EXPECT_EQ(index.status, 200) << index.raw;
  EXPECT_EQ(index.body, kIndex);
  EXPECT_TRUE(hasHeader(index, "Content-Type: text/html; charset=utf-8")) << index.head;
  EXPECT_TRUE(hasHeader(index, "Cache-Control: no-cache")) << index.head;
  EXPECT_TRUE(hasHeader(index, "X-Content-Type-Options: nosniff")) << index.head;

  const Reply script = rawRequest(port, get("/a/b.js?v=2", port));
  EXPECT_EQ(script.status, 200) << script.raw;
  EXPECT_EQ(script.body, "console.log('b');\n");
  EXPECT_TRUE(hasHeader(script, "Content-Type: text/javascript; charset=utf-8")) << script.head;

  const Reply alias = rawRequest(port, get("/alias.js", port));
  EXPECT_EQ(alias.status, 200) << alias.raw;
  EXPECT_EQ(alias.body, "console.log('b');\n");

  // HEAD: the headers of GET, with the file's length, and no body.
  const Reply head = rawRequest(port, get("/", port, "HEAD"));
  EXPECT_EQ(head.status, 200) << head.raw;
  EXPECT_TRUE(hasHeader(head, "Content-Length: " + std::to_string(std::string(kIndex).size()))) << head.head;
  EXPECT_EQ(head.body, "");

  EXPECT_EQ(run.server.requestsServed(), 4u);
  EXPECT_EQ(run.server.requestsRefused(), 0u);
}

TEST_F(ServeTree, NeverServesAnythingOutsideTheRoot) {
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();
  const std::string secret = fs::canonical(outside_ / "secret.txt").string();
  const std::vector<std::string> targets = {
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2e%2e%2fsecret.txt",
      "/..%2fsecret.txt",
      "/%252e%252e/secret.txt",  // decoded once: a literal "%2e%2e" folder, which does not exist
      "/a/%2E%2E/%2E%2E/secret.txt",
      "/" + secret,  // "//<absolute path>"
      "/%2f" + secret.substr(1),  // the same, its second slash encoded
      "/%5c..%5csecret.txt",
      "/..%5csecret.txt",
      "/index.html%00/../../secret.txt",
      "/link-out.txt",
      "/rel-link-out.txt",
      "/up/secret.txt",
      "/evil/",
      "/sub/%2e%2e/%2e%2e/secret.txt",
  };
  for (const std::string& target : targets) {
    const Reply r = rawRequest(port, get(target, port));
    EXPECT_GE(r.status, 400) << target << "\n" << r.raw;
    EXPECT_LT(r.status, 500) << target << "\n" << r.raw;
    EXPECT_EQ(r.raw.find(kSecret), std::string::npos) << target << "\n" << r.raw;
    EXPECT_TRUE(hasHeader(r, "X-Content-Type-Options: nosniff")) << target << "\n" << r.head;
  }
  // Every one reached the handler and was refused there, none served (httplib 0.11.4 checks paths
  // only for its own mount points, which are not used).
  EXPECT_EQ(run.server.requestsServed(), 0u);
  EXPECT_EQ(run.server.requestsRefused(), targets.size());

  // A Host that is not a loopback name ("Host: x"): 403, before the path is even looked at.
  const Reply other_host = rawRequest(port, "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(other_host.status, 403) << other_host.raw;
  EXPECT_EQ(other_host.raw.find(kSecret), std::string::npos);
}

TEST_F(ServeTree, RefusesOtherHostsMethodsAndMissingFiles) {
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();

  const Reply rebound = rawRequest(port, "GET / HTTP/1.1\r\nHost: evil.example:" + std::to_string(port) +
                                             "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(rebound.status, 403) << rebound.raw;
  EXPECT_EQ(rebound.raw.find("picket report"), std::string::npos);

  const Reply post = rawRequest(port, "POST /index.html HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                          "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_EQ(post.status, 405) << post.raw;
  EXPECT_TRUE(hasHeader(post, "Allow: GET, HEAD")) << post.head;
  EXPECT_EQ(post.raw.find("picket report"), std::string::npos);

  const Reply missing = rawRequest(port, get("/missing.js", port));
  EXPECT_EQ(missing.status, 404) << missing.raw;
  EXPECT_EQ(missing.body, "Not found\n");
  EXPECT_TRUE(hasHeader(missing, "Cache-Control: no-cache")) << missing.head;

  EXPECT_EQ(run.server.requestsServed(), 0u);
  EXPECT_EQ(run.server.requestsRefused(), 3u);
}

TEST_F(ServeTree, ASecondServerCannotTakeTheSamePort) {
  Running first(root_);
  ASSERT_TRUE(first.bound);
  StaticServer second(root_);
  EXPECT_FALSE(second.bind(first.server.port()));
  EXPECT_EQ(second.port(), 0);
  // The first one still answers.
  EXPECT_EQ(rawRequest(first.server.port(), get("/", first.server.port())).status, 200);
}

TEST_F(ServeTree, StopBeforeRunIsNotLost) {
  StaticServer server(root_);
  ASSERT_TRUE(server.bind(0));
  server.stop();
  server.run();  // returns at once; hanging here would fail on the test's TIMEOUT
  SUCCEED();
}

TEST_F(ServeTree, ServeUntilInterruptedStopsOnSigint) {
  // Block the signals in this thread first, so that every thread of the test process has them
  // blocked and the SIGINT below can only be taken by serveUntilInterrupted's sigwait().
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  sigset_t previous;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &set, &previous), 0);

  StaticServer server(root_);
  ASSERT_TRUE(server.bind(0));
  const int port = server.port();
  std::ostringstream out;
  int status = -1;
  std::thread serving([&] { status = serveUntilInterrupted(server, out); });

  EXPECT_EQ(rawRequest(port, get("/", port)).status, 200);
  ::kill(::getpid(), SIGINT);
  serving.join();

  EXPECT_EQ(status, 0);
  EXPECT_EQ(out.str(), "Serving " + fs::canonical(root_).string() + " at http://127.0.0.1:" + std::to_string(port) +
                           "/  (Ctrl-C to stop)\nStopped.\n");
  EXPECT_EQ(server.requestsServed(), 1u);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

// ---- Range requests and bounded responses ----

constexpr std::size_t kBigSize = 4 * 1024 * 1024;

TEST_F(ServeTree, ManyRangesAreRefusedAndResponsesStayBounded) {
  const std::string big = patternBytes(kBigSize);
  writeFile(root_ / "big.bin", big);
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();
  const std::uint64_t peak_before = peakMemoryKiB();

  // 1,000 ranges each asking for the whole file: httplib alone built a 4 GB multipart body for this.
  std::string thousand = "bytes=0-";
  for (int i = 1; i < 1000; ++i) thousand += ",0-";
  const Reply refused = rawRequest(port, rangeGet("/big.bin", port, thousand));
  EXPECT_EQ(refused.status, 416) << refused.head;
  EXPECT_TRUE(hasHeader(refused, "Content-Range: bytes */" + std::to_string(kBigSize))) << refused.head;
  EXPECT_EQ(refused.body, "Range not satisfiable\n");
  EXPECT_LT(refused.raw.size(), 1024u);

  // Eight (the cap) overlapping ranges: coalesced, so the file is sent once.
  const Reply eight = rawRequest(port, rangeGet("/big.bin", port, "bytes=0-,0-,0-,0-,0-,0-,0-,-4194304"));
  EXPECT_EQ(eight.status, 206) << eight.head;
  EXPECT_TRUE(hasHeader(eight, "Content-Range: bytes 0-4194303/4194304")) << eight.head;
  EXPECT_TRUE(eight.body == big);
  EXPECT_LE(eight.raw.size(), kBigSize + 1024);

  // Eight disjoint ranges of 256 KiB: multipart, no more than the file plus the parts' headers.
  std::string spread = "bytes=";
  for (std::size_t i = 0; i < 8; ++i) {
    spread += (i ? "," : "") + std::to_string(i * 512 * 1024) + "-" + std::to_string(i * 512 * 1024 + 256 * 1024 - 1);
  }
  const Reply multi = rawRequest(port, rangeGet("/big.bin", port, spread));
  EXPECT_EQ(multi.status, 206) << multi.head;
  EXPECT_EQ(count(multi.body, "\r\nContent-Range: bytes "), 8u);
  EXPECT_EQ(multi.body.size(), std::stoull(headerValue(multi, "Content-Length")));
  EXPECT_LE(multi.raw.size(), kBigSize / 2 + 8 * 256 + 1024);

  // Nothing in the server held more than a few chunks: the peak stays far below one copy per range.
  const std::uint64_t peak_after = peakMemoryKiB();
  EXPECT_LT(peak_after - peak_before, 64u * 1024) << "VmHWM grew from " << peak_before << " to " << peak_after << " KiB";
  EXPECT_EQ(run.server.requestsRefused(), 1u);
  EXPECT_EQ(run.server.requestsServed(), 2u);
}

TEST_F(ServeTree, SingleRangesAndWholeFilesAreStreamed) {
  const std::string big = patternBytes(kBigSize);
  writeFile(root_ / "big.bin", big);
  writeFile(root_ / "empty.txt", "");
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();
  const std::string size = std::to_string(kBigSize);

  const Reply whole = rawRequest(port, get("/big.bin", port));
  EXPECT_EQ(whole.status, 200) << whole.head;
  EXPECT_TRUE(hasHeader(whole, "Content-Length: " + size)) << whole.head;
  EXPECT_TRUE(hasHeader(whole, "Accept-Ranges: bytes")) << whole.head;
  EXPECT_TRUE(hasHeader(whole, "Content-Type: application/octet-stream")) << whole.head;
  EXPECT_TRUE(whole.body == big);

  const Reply head = rawRequest(port, get("/big.bin", port, "HEAD"));
  EXPECT_EQ(head.status, 200) << head.head;
  EXPECT_TRUE(hasHeader(head, "Content-Length: " + size)) << head.head;
  EXPECT_EQ(head.body, "");

  const Reply middle = rawRequest(port, rangeGet("/big.bin", port, "bytes=1000000-1000099"));
  EXPECT_EQ(middle.status, 206) << middle.head;
  EXPECT_TRUE(hasHeader(middle, "Content-Range: bytes 1000000-1000099/" + size)) << middle.head;
  EXPECT_TRUE(hasHeader(middle, "Content-Length: 100")) << middle.head;
  EXPECT_TRUE(middle.body == big.substr(1000000, 100));

  const Reply suffix = rawRequest(port, rangeGet("/big.bin", port, "bytes=-10"));
  EXPECT_EQ(suffix.status, 206) << suffix.head;
  EXPECT_TRUE(suffix.body == big.substr(kBigSize - 10));

  const Reply open_end = rawRequest(port, rangeGet("/big.bin", port, "bytes=4194000-"));
  EXPECT_EQ(open_end.status, 206) << open_end.head;
  EXPECT_TRUE(open_end.body == big.substr(4194000));

  // Two ranges: multipart/byteranges, framed exactly.
  const Reply two = rawRequest(port, rangeGet("/big.bin", port, "bytes=100-109, 0-9"));
  EXPECT_EQ(two.status, 206) << two.head;
  const std::string type = headerValue(two, "Content-Type");
  const std::string prefix = "multipart/byteranges; boundary=";
  ASSERT_EQ(type.rfind(prefix, 0), 0u) << two.head;
  const std::string boundary = type.substr(prefix.size());
  const std::string expected = "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 100-109/" +
                               size + "\r\n\r\n" + big.substr(100, 10) + "\r\n--" + boundary +
                               "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-9/" + size + "\r\n\r\n" +
                               big.substr(0, 10) + "\r\n--" + boundary + "--\r\n";
  EXPECT_TRUE(two.body == expected);
  EXPECT_TRUE(hasHeader(two, "Content-Length: " + std::to_string(expected.size()))) << two.head;

  // Range ignored: HEAD, If-Range (no validator of ours can match), a unit other than bytes.
  for (const Reply& r : {rawRequest(port, rangeGet("/big.bin", port, "bytes=0-9", "HEAD")),
                         rawRequest(port, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-9\r\n"
                                          "If-Range: \"x\"\r\nConnection: close\r\n\r\n"),
                         rawRequest(port, rangeGet("/big.bin", port, "items=0-9"))}) {
    EXPECT_EQ(r.status, 200) << r.head;
    EXPECT_TRUE(hasHeader(r, "Content-Length: " + size)) << r.head;
  }
  // httplib's own parser refuses an uppercase unit; picket's rule still serves it.
  const Reply upper = rawRequest(port, rangeGet("/big.bin", port, "Bytes=0-9"));
  EXPECT_EQ(upper.status, 206) << upper.head;
  EXPECT_TRUE(upper.body == big.substr(0, 10));

  // 416 with the file's size: malformed (refused by httplib's parser whole, or part-way), or
  // nothing inside the file. The body is never sliced by the refused ranges.
  for (const char* range : {"bytes=5-1", "bytes=0-0,5-1", "bytes=0-0,99999999999999999999-", "bytes=4194304-", "bytes=abc"}) {
    const Reply r = rawRequest(port, rangeGet("/big.bin", port, range));
    EXPECT_EQ(r.status, 416) << range << "\n" << r.head;
    EXPECT_TRUE(hasHeader(r, "Content-Range: bytes */" + size)) << range << "\n" << r.head;
    EXPECT_EQ(r.body, "Range not satisfiable\n") << range;
    EXPECT_TRUE(hasHeader(r, "Content-Length: 22")) << range << "\n" << r.head;
    EXPECT_EQ(count(r.head, "Content-Length:"), 1u) << range << "\n" << r.head;
  }
  // The same header on HEAD (which ignores Range) and on another method, through the same path.
  const Reply head_refused = rawRequest(port, rangeGet("/big.bin", port, "bytes=0-0,5-1", "HEAD"));
  EXPECT_EQ(head_refused.status, 200) << head_refused.head;
  EXPECT_TRUE(hasHeader(head_refused, "Content-Length: " + size)) << head_refused.head;
  EXPECT_EQ(count(head_refused.head, "Content-Length:"), 1u) << head_refused.head;
  EXPECT_EQ(head_refused.body, "");
  const Reply post_refused = rawRequest(port, rangeGet("/big.bin", port, "bytes=5-1", "POST"));
  EXPECT_EQ(post_refused.status, 405) << post_refused.head;
  EXPECT_TRUE(hasHeader(post_refused, "Allow: GET, HEAD")) << post_refused.head;
  // Errors are not sliced either.
  const Reply missing = rawRequest(port, rangeGet("/missing.bin", port, "bytes=0-1"));
  EXPECT_EQ(missing.status, 404) << missing.head;
  EXPECT_EQ(missing.body, "Not found\n");

  const Reply empty = rawRequest(port, rangeGet("/empty.txt", port, "bytes=0-"));
  EXPECT_EQ(empty.status, 200) << empty.head;
  EXPECT_TRUE(hasHeader(empty, "Content-Length: 0")) << empty.head;
  EXPECT_EQ(empty.body, "");
}

TEST_F(ServeTree, KeepsPipelinedRequestsInStep) {
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  // Sent in one write: the server reads both at once, and must keep the second for the next request.
  const Reply both = rawRequest(port, "GET /a/b.js HTTP/1.1\r\n" + host + "\r\nGET / HTTP/1.1\r\n" + host +
                                          "Connection: close\r\n\r\n");
  EXPECT_EQ(count(both.raw, "HTTP/1.1 200 OK\r\n"), 2u) << both.raw;
  EXPECT_NE(both.raw.find("console.log('b');\n"), std::string::npos);
  EXPECT_NE(both.raw.find(kIndex), std::string::npos);
  EXPECT_EQ(run.server.requestsServed(), 2u);
}

// ---- Slow and abusive clients ----

TEST_F(ServeTree, TricklingClientsCannotStopOthers) {
  // More clients than workers, each sending one header line every 200 ms and never ending its
  // headers: httplib's per-recv timeout alone never fired, and every other request waited behind them.
  // The deadline is shortened to keep the test quick; the workers are picket's.
  ServeLimits limits;
  ASSERT_EQ(limits.workers, 8u);
  limits.request_deadline = std::chrono::milliseconds(1000);
  Running run(root_, limits);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();

  std::vector<int> slow;
  for (unsigned i = 0; i < limits.workers + 4; ++i) {
    const int fd = connectTo(port, 3);
    ASSERT_GE(fd, 0);
    sendAll(fd, "GET / HTTP/1.1\r\n");
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    while (!done.load()) {
      for (const int fd : slow) ::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all accepted: eight in workers, four queued

  const auto start = std::chrono::steady_clock::now();
  const Reply normal = rawRequest(port, get("/", port));
  const double elapsed = secondsSince(start);
  EXPECT_EQ(normal.status, 200) << normal.raw;
  EXPECT_EQ(normal.body, kIndex);
  // Answered once the deadline of the connections ahead of it passed: about 0.8 s after it was sent.
  EXPECT_LT(elapsed, 2.0);

  // Every slow client was cut off (a 400 once its request line had come, then the connection closed),
  // not left waiting for its read timeout.
  for (const int fd : slow) {
    const auto cut_start = std::chrono::steady_clock::now();
    const Reply cut = readReply(fd);
    EXPECT_LT(secondsSince(cut_start), 2.0);
    EXPECT_TRUE(cut.status == 400 || cut.raw.empty()) << cut.raw;
  }
  done.store(true);
  trickle.join();
}

TEST_F(ServeTree, SlowReadersAreCutOff) {
  // More clients than workers asking for a 16 MB file and never reading it: more than the socket
  // buffers hold, so each worker's write blocks until the response deadline (shortened here).
  writeFile(root_ / "huge.bin", std::string(16 * 1024 * 1024, 'x'));
  ServeLimits limits;
  limits.response_deadline = std::chrono::milliseconds(1000);
  Running run(root_, limits);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();

  std::vector<int> stalled;
  for (unsigned i = 0; i < limits.workers + 1; ++i) {
    const int fd = connectTo(port, 5, 4096);
    ASSERT_GE(fd, 0);
    sendAll(fd, get("/huge.bin", port));
    stalled.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // every worker is writing to one

  const auto start = std::chrono::steady_clock::now();
  const Reply normal = rawRequest(port, get("/a/b.js", port));
  const double elapsed = secondsSince(start);
  EXPECT_EQ(normal.status, 200) << normal.raw;
  EXPECT_EQ(normal.body, "console.log('b');\n");
  EXPECT_LT(elapsed, 2.5);
  // The clients the workers took first got only part of the file before the server closed their
  // connections. (The last one was taken when the others were cut, with the normal request, and is
  // being read in full here, before its own deadline.)
  for (std::size_t i = 0; i < stalled.size(); ++i) {
    const Reply partial = readReply(stalled[i]);
    EXPECT_EQ(partial.status, 200) << i;
    if (i < limits.workers) {
      EXPECT_LT(partial.body.size(), 16u * 1024 * 1024) << i;
    }
  }
}

TEST_F(ServeTree, OversizedRequestsAreCut) {
  Running run(root_);
  ASSERT_TRUE(run.bound);
  const int port = run.server.port();

  // 300 KiB of header lines, each under httplib's 8 KiB line limit; then a 1 MiB request line with no
  // end. Each is cut at kMaxRequestBytes instead of being buffered whole.
  std::string many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  while (many.size() < 300 * 1024) many += "X-Pad: " + std::string(100, 'p') + "\r\n";
  many += "\r\n";
  std::string endless = "GET /" + std::string(1024 * 1024, 'a');
  for (const std::string* request : {&many, &endless}) {
    const auto start = std::chrono::steady_clock::now();
    const int fd = connectTo(port, 3);
    ASSERT_GE(fd, 0);
    sendAll(fd, *request);
    const Reply r = readReply(fd);
    EXPECT_LT(secondsSince(start), 2.0);
    EXPECT_TRUE(r.status == 400 || r.raw.empty()) << r.head;
  }
  static_assert(kMaxRequestBytes < 300 * 1024);
  // The server still answers.
  EXPECT_EQ(rawRequest(port, get("/", port)).status, 200);
}

TEST_F(ServeTree, StopDropsConnectionsWaitingForARequest) {
  auto running = std::make_unique<Running>(root_);
  ASSERT_TRUE(running->bound);
  const int port = running->server.port();
  const int idle = connectTo(port);
  const int half = connectTo(port);
  ASSERT_GE(idle, 0);
  ASSERT_GE(half, 0);
  sendAll(half, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // headers never finished
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  const auto start = std::chrono::steady_clock::now();
  running.reset();  // stop() and join run()
  EXPECT_LT(secondsSince(start), 1.0);
  ::close(idle);
  ::close(half);
}

}  // namespace
}  // namespace picket::serve
