// A stand-in for GitHub on 127.0.0.1, for `twin setup-github` tests: the REST
// calls twin makes (GET /user, POST /user/repos and /orgs/ORG/repos, GET
// /repos/O/N) answered as GitHub does (201, 401, 403, 404, 422, 429 with
// Retry-After), and smart-HTTP Git under /git/ through the real
// `git http-backend` CGI, which only runs when the request carries the token
// (HTTP Basic, password = token), as GitHub's Git endpoint requires.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/support/git_sandbox.h"
#include "tests/support/loopback_http_server.h"

namespace twin::testing {

inline std::string base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    for (int s : {18, 12, 6}) out += kAlphabet[(v >> s) & 63];
    out += "=";
  }
  return out;
}

class FakeGithub {
 public:
  FakeGithub(const GitSandbox& sandbox, std::string token, std::string login = "octo")
      : sb_(sandbox), token_(std::move(token)), login_(std::move(login)),
        server_([this](const HttpExchange& ex) { return route(ex); }) {
    std::filesystem::create_directories(git_root());
  }

  std::string api_url() const { return server_.base_url() + "/api"; }
  std::filesystem::path git_root() const { return sb_ / "github"; }
  std::filesystem::path repo_dir(const std::string& full_name) const {
    return git_root() / (full_name + ".git");
  }
  std::vector<HttpExchange> requests() const { return server_.requests(); }

  // Knobs, set before the run.
  std::set<std::string> existing;  // "owner/name" taken: create answers 422
  bool existing_public = false;
  int rate_limited_answers = 0;    // this many 429s (Retry-After: 1) before a create succeeds
  bool missing_scope = false;      // create answers 403 as for a token without `repo`
  std::string retry_after = "1";

  /// Makes `owner/name` exist (a bare repository behind /git/).
  void create(const std::string& full_name) {
    if (std::filesystem::exists(repo_dir(full_name))) return;
    std::filesystem::create_directories(repo_dir(full_name));
    sb_.git({"init", "-q", "--bare", "-b", "main"}, repo_dir(full_name));
    sb_.git({"config", "http.receivepack", "true"}, repo_dir(full_name));
  }

 private:
  static HttpReply json_reply(int status, const nlohmann::json& body,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    return {status, std::move(headers), body.dump()};
  }

  nlohmann::json repo_json(const std::string& full_name, bool is_private) const {
    return {{"full_name", full_name}, {"private", is_private},
            {"html_url", "https://github.example/" + full_name},
            {"clone_url", server_.base_url() + "/git/" + full_name + ".git"}};
  }

  bool api_authorized(const HttpExchange& ex) const {
    return ex.header("authorization") == "Bearer " + token_ ||
           ex.header("authorization") == "token " + token_;
  }

  HttpReply route(const HttpExchange& ex) {
    if (ex.path.starts_with("/git/")) return git(ex);
    if (!api_authorized(ex))
      return json_reply(401, {{"message", "Bad credentials"}});
    if (ex.method == "GET" && ex.path == "/api/user")
      return json_reply(200, {{"login", login_}, {"id", 1}}, {{"X-OAuth-Scopes", "repo"}});
    if (ex.method == "POST" && (ex.path == "/api/user/repos" || ex.path.starts_with("/api/orgs/")))
      return create_repo(ex);
    if (ex.method == "GET" && ex.path.starts_with("/api/repos/")) {
      std::string full_name = ex.path.substr(std::string("/api/repos/").size());
      if (!existing.count(full_name)) return json_reply(404, {{"message", "Not Found"}});
      create(full_name);
      return json_reply(200, repo_json(full_name, !existing_public));
    }
    return json_reply(404, {{"message", "Not Found"}});
  }

  HttpReply create_repo(const HttpExchange& ex) {
    if (rate_limited_answers > 0) {
      --rate_limited_answers;
      return json_reply(429, {{"message", "secondary rate limit"}}, {{"Retry-After", retry_after}});
    }
    if (missing_scope)
      return json_reply(403, {{"message", "Resource not accessible by personal access token"}},
                        {{"X-OAuth-Scopes", "read:user"}, {"X-Accepted-OAuth-Scopes", "repo"}});
    std::string owner = login_;
    if (ex.path.starts_with("/api/orgs/")) {
      std::string rest = ex.path.substr(std::string("/api/orgs/").size());
      owner = rest.substr(0, rest.find('/'));
      if (owner == "nosuchorg") return json_reply(404, {{"message", "Not Found"}});
    }
    auto body = nlohmann::json::parse(ex.body, nullptr, false);
    if (!body.is_object() || !body.contains("name") || body.value("private", false) != true)
      return json_reply(422, {{"message", "Validation Failed"}});
    std::string full_name = owner + "/" + body["name"].get<std::string>();
    if (existing.count(full_name))
      return json_reply(422, {{"message", "Repository creation failed."},
                              {"errors", {{{"resource", "Repository"}, {"code", "custom"},
                                           {"field", "name"},
                                           {"message", "name already exists on this account"}}}}});
    create(full_name);
    existing.insert(full_name);
    return json_reply(201, repo_json(full_name, true));
  }

  // The "CGI wrapper": checks the token, then runs git http-backend.
  HttpReply git(const HttpExchange& ex) {
    if (ex.header("authorization") != "Basic " + base64("x-access-token:" + token_))
      // No body: libgit2 1.5 keeps an unread 401 body in its buffer and
      // misparses it as the start of the next response on a new connection.
      return {401, {{"WWW-Authenticate", "Basic realm=\"fake github\""}}, ""};
    std::filesystem::path body_file = sb_ / "cgi-body";
    write_text(body_file, ex.body);
    std::vector<std::string> env = {
        "GIT_PROJECT_ROOT=" + git_root().string(), "GIT_HTTP_EXPORT_ALL=1",
        "GIT_CONFIG_NOSYSTEM=1", "HOME=" + sb_.home().string(), "PATH=/usr/bin:/bin",
        "REQUEST_METHOD=" + ex.method, "PATH_INFO=" + ex.path.substr(4), "QUERY_STRING=" + ex.query,
        "CONTENT_TYPE=" + ex.header("content-type"),
        "CONTENT_LENGTH=" + std::to_string(ex.body.size()), "REMOTE_USER=x-access-token",
        "REMOTE_ADDR=127.0.0.1", "GATEWAY_INTERFACE=CGI/1.1", "SERVER_PROTOCOL=HTTP/1.1"};
    std::string out = run_cgi(body_file, env);
    auto split = out.find("\r\n\r\n");
    std::size_t skip = 4;
    if (split == std::string::npos) split = out.find("\n\n"), skip = 2;
    if (split == std::string::npos) return {500, {}, "bad CGI output\n"};
    HttpReply reply;
    std::string head = out.substr(0, split);
    reply.body = out.substr(split + skip);
    std::size_t start = 0;
    while (start < head.size()) {
      auto eol = head.find('\n', start);
      std::string line = head.substr(start, eol == std::string::npos ? std::string::npos : eol - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      start = eol == std::string::npos ? head.size() : eol + 1;
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon), value = line.substr(colon + 2);
      if (name == "Status") reply.status = std::stoi(value);
      else reply.headers.emplace_back(name, value);
    }
    return reply;
  }

  static std::string run_cgi(const std::filesystem::path& body_file,
                             const std::vector<std::string>& env) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return "";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, body_file.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string program = "/usr/lib/git-core/git-http-backend";
    std::vector<char*> argv = {program.data(), nullptr}, envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    if (rc == 0) {
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    return out;
  }

  const GitSandbox& sb_;
  std::string token_;
  std::string login_;
  LoopbackHttpServer server_;
};

}  // namespace twin::testing
