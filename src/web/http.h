#pragma once
// Request, response and the per-request context that handlers see. Independent of
// the HTTP library, so handlers and tests never touch it.
#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/db.h"

namespace kith::web {

using Json = nlohmann::json;

// The signed-in person, if any.
struct Principal {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::vector<std::string> roles;
  bool is_demo = false;
  std::string language = "";  // the language they chose ("" until they choose one)
  std::string phone = "";     // the mobile an account without email signs in with
  bool has(const std::string& role) const;
  bool has_any(const std::vector<std::string>& wanted) const;
};

// One part of a multipart/form-data body: a field, or a file when it has a filename.
struct Part {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string content;
};

struct Request {
  std::string method;
  std::string path;
  std::string ip;  // the client: the peer, or what a trusted proxy says in X-Forwarded-For
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::map<std::string, std::string> cookies;
  std::string body;
  std::vector<Part> parts;  // a multipart/form-data body, already split
  bool multipart = false;

  std::string header(const std::string& lower_name) const;
  // First value of a query parameter, trimmed; "" when absent.
  std::string query_param(const std::string& name) const;
  // Every value of a repeated parameter (ticked checkboxes), joined with commas.
  std::string query_list(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Form fields or a JSON object's members, as field -> values.
class Input {
 public:
  static Input from_form(const std::string& urlencoded);
  // A multipart form: its fields as values, its files kept apart (file()).
  static Input from_parts(const std::vector<Part>& parts);
  // Returns nullopt when the body is not a JSON object (parsed by web::parse_json,
  // so depth and UTF-8 are checked).
  static std::optional<Input> from_json(const std::string& body);
  static Input from_json_object(const Json& object);
  // First value, trimmed; "" when absent.
  std::string get(const std::string& field) const;
  std::vector<std::string> all(const std::string& field) const;
  // First value as sent, not trimmed (a password); "" when absent.
  std::string raw(const std::string& field) const;
  bool has(const std::string& field) const { return values_.count(field) > 0; }
  void set(const std::string& field, std::string value) { values_[field] = {std::move(value)}; }
  // An uploaded file's bytes; "" when none was chosen.
  std::string file(const std::string& field) const;
  // The name of the file chosen for the field, even when it is empty; "" when none was.
  std::string file_name(const std::string& field) const;
  // An error naming the file when one was chosen for the field but holds nothing (or
  // only spaces), so a form says so rather than acting as if none was chosen.
  std::optional<Error> empty_file(const std::string& field) const;
  // The submitted values, for re-showing a form (never passwords or tokens).
  Json echo() const;
  // What a route's prepare step (Router::action) made of the input before the request's
  // transaction began, such as a decoded photo; nothing a request can set itself.
  void keep(const std::string& name, std::any value) { kept_[name] = std::move(value); }
  const std::any* kept(const std::string& name) const {
    auto it = kept_.find(name);
    return it == kept_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, std::any> kept_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> file_names_;
};

struct Cookie {
  std::string name;
  std::string value;
  int max_age = -1;  // seconds; -1 session cookie; 0 delete
  bool http_only = true;
  std::string same_site = "Lax";
};

class Ctx {
 public:
  Ctx(Request& req, store::Db& db, const Principal* user, const Json& settings)
      : req(req), db(db), user(user), settings(settings) {}
  Request& req;
  store::Db& db;
  const Principal* user;
  const Json& settings;                       // the server's public configuration (place name, tiles)
  std::map<std::string, std::string> params;  // path parameters
  std::vector<Cookie> cookies_out;
  bool is_api = false;
  // When the page is shown again because its form's action failed: that failure. A page
  // with a form on each row (approve each person waiting) puts the message by its row
  // (what the form sent is web::resubmitted's).
  const Error* failed = nullptr;

  std::string param(const std::string& name) const;
  // The failed action's message for `field`, in the page's language; empty if none.
  std::string failed_message(const std::string& field) const;
  // An absolute link to a path on this site, from the public URL setting (never the
  // request's Host header): "/invite/T" -> "https://kith.example.gov.uk/invite/T".
  std::string absolute_url(const std::string& path) const;
  // Commits what this request has written so far and begins a new transaction:
  // for a write that must stand even though the request then fails (a failed sign-in).
  void commit_now();
  std::function<void()> commit_hook;
};

// What an action returns on success: where a page goes next, and what the API returns.
struct Done {
  std::string redirect;        // for pages: 303 See Other here
  Json data = Json::object();  // for the API
  std::string flash;           // a message shown once on the next page
  int api_status = 200;
};

}  // namespace kith::web
