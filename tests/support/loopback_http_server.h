// A tiny HTTP/1.1 server for tests, on 127.0.0.1 and a port the OS picks,
// run by one thread and stopped (joined) by the destructor. One request per
// connection ("Connection: close"); reads Content-Length and chunked bodies
// (libgit2 sends pushes chunked) and answers `Expect: 100-continue`.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace twin::testing {

struct HttpExchange {
  std::string method;
  std::string path;   // without the query
  std::string query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpExchange&)>;

  explicit LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (::pipe(stop_) != 0) throw std::runtime_error("pipe");
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackHttpServer() {
    (void)::write(stop_[1], "x", 1);
    thread_.join();
    ::close(listen_fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Every request served so far.
  std::vector<HttpExchange> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    for (;;) {
      pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) return;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      handle(fd);
      ::close(fd);
    }
  }

  // Reads until `buf` holds `want` bytes or the peer closes; false on close.
  static bool fill(int fd, std::string& buf, std::size_t want) {
    char chunk[65536];
    while (buf.size() < want) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 10000) <= 0) return false;
      ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  }

  static bool read_line(int fd, std::string& buf, std::size_t& pos, std::string& line) {
    for (;;) {
      auto eol = buf.find("\r\n", pos);
      if (eol != std::string::npos) {
        line = buf.substr(pos, eol - pos);
        pos = eol + 2;
        return true;
      }
      if (!fill(fd, buf, buf.size() + 1)) return false;
    }
  }

  void handle(int fd) {
    std::string buf;
    std::size_t pos = 0;
    std::string line;
    HttpExchange ex;
    if (!read_line(fd, buf, pos, line)) return;
    auto sp1 = line.find(' '), sp2 = line.rfind(' ');
    ex.method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    auto q = target.find('?');
    ex.path = target.substr(0, q);
    if (q != std::string::npos) ex.query = target.substr(q + 1);
    while (read_line(fd, buf, pos, line) && !line.empty()) {
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      ex.headers[name] = line.substr(v);
    }
    if (ex.header("expect") == "100-continue") send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    if (ex.header("transfer-encoding").find("chunked") != std::string::npos) {
      for (;;) {
        if (!read_line(fd, buf, pos, line)) return;
        std::size_t size = std::stoul(line, nullptr, 16);
        if (size == 0) break;
        if (!fill(fd, buf, pos + size + 2)) return;
        ex.body += buf.substr(pos, size);
        pos += size + 2;
      }
    } else if (!ex.header("content-length").empty()) {
      std::size_t size = std::stoul(ex.header("content-length"));
      if (!fill(fd, buf, pos + size)) return;
      ex.body = buf.substr(pos, size);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(ex);
    }
    HttpReply reply = handler_(ex);
    // HTTP/1.0, as Python's http.server answers: clients then never try to
    // reuse the connection we are about to close.
    std::string out = "HTTP/1.0 " + std::to_string(reply.status) + " X\r\n";
    for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
    out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\nConnection: close\r\n\r\n";
    out += reply.body;
    send_all(fd, out);
  }

  static void send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  int stop_[2] = {-1, -1};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<HttpExchange> requests_;
};

}  // namespace twin::testing
