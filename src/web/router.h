#pragma once
// The one route table. A page route serves HTML at its path and the same data as
// JSON at /api/v1 + path; an action route takes a form post at its path (and a JSON
// post under /api/v1) and, on failure, re-shows the page at the same path with errors.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "web/http.h"

namespace kith::web {

using PageFn = std::function<Result<Json>(Ctx&)>;
using ActionFn = std::function<Result<Done>(Ctx&, const Input&)>;
// Work on a post's input that needs no database (decoding an uploaded photo), done
// before the request's transaction begins, so that it never holds up anyone's writes:
// it keeps what it makes in the input (Input::keep) for the action.
using PrepareFn = std::function<void(Input&)>;
using RawFn = std::function<Response(Ctx&)>;

// Who may use a route: anyone (empty), or a signed-in person holding one of `roles`.
// `signed_in` alone admits any signed-in person.
// Officers and admins: who run the council's side of most modules.
inline const std::vector<std::string> kOfficerRoles = {"officer", "admin"};

struct Access {
  std::vector<std::string> roles;
  bool signed_in = false;
  // A public write that limits its own attempts (sign-in, sign-up, password reset),
  // so is not held to the anonymous write budget (Limits::anonymous_writes).
  bool counts_own_attempts = false;
  static Access anyone() { return {}; }
  static Access anyone_counting_attempts() { return {{}, false, true}; }
  static Access any_member() { return {{}, true}; }
  static Access role(std::vector<std::string> r) { return {std::move(r), true}; }
  bool is_public() const { return !signed_in && roles.empty(); }
};

struct Route {
  enum class Kind { kPage, kAction, kRaw };
  Kind kind;
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  std::string tmpl;  // page template
  Access access;
  PageFn page;
  ActionFn action;
  RawFn raw;
  bool api = true;  // also served under /api/v1
  // Accepts a post from anywhere without the CSRF token: only for a one-click link
  // whose path carries its own secret (RFC 8058 unsubscribe, sent by mail providers).
  bool csrf_exempt = false;
  // A post that only reads (a computation asked for with a body): it runs in a read
  // transaction, so however long it takes it never holds up anyone's writes.
  bool read_only = false;
  PrepareFn prepare;  // actions only
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool is_api = false;
  bool path_known = false;  // some route has this path, perhaps for another method
};

class Router {
 public:
  void page(const std::string& path, const std::string& tmpl, Access access, PageFn fn);
  void action(const std::string& path, Access access, ActionFn fn, PrepareFn prepare = {});
  // A route whose handler writes the whole response (files, GeoJSON, feeds).
  void raw(const std::string& method, const std::string& path, Access access, RawFn fn, bool api = false,
           bool read_only = false);
  // A post anyone may make from anywhere, without the CSRF token (see Route::csrf_exempt):
  // the path's {token} is the only authority. Not served under /api/v1.
  void one_click(const std::string& path, ActionFn fn);
  Match match(const std::string& method, const std::string& path) const;
  // The GET page route at `pattern`, for re-showing a form after a failed action.
  const Route* page_at(const std::string& pattern) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  void add(Route r);
  std::vector<Route> routes_;
};

}  // namespace kith::web
