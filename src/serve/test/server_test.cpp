#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

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

// ---- StaticServer over a real socket ----

TEST_F(ServeTree, RefusesARootThatIsNotAFolder) {
  EXPECT_THROW(StaticServer(base_ / "nowhere"), InputError);
  EXPECT_THROW(StaticServer(root_ / "index.html"), InputError);
}

// A server on a free port, run() in a thread; stopped and joined on the way out.
struct Running {
  explicit Running(const fs::path& root) : server(root) {
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

// Sends `request` byte for byte over a plain TCP socket (no client library to normalise the path)
// and reads until the server closes the connection.
Reply rawRequest(int port, const std::string& request) {
  Reply reply;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  timeval timeout{};
  timeout.tv_sec = 5;  // a hung server fails the test instead of blocking it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return reply;
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  char buffer[4096];
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

std::string get(const std::string& target, int port, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nConnection: close\r\n\r\n";
}

// Whether the response has this exact header line ("Name: value").
bool hasHeader(const Reply& r, const std::string& line) {
  return (r.head + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos;
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

}  // namespace
}  // namespace picket::serve
