#include "web/router.h"

#include "core/text.h"

namespace kith::web {

namespace {

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> out;
  for (auto& s : split(path, '/'))
    if (!s.empty()) out.push_back(s);
  return out;
}

bool match_segments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      found[p.substr(1, p.size() - 2)] = url_decode_path(path[i]);
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(Route r) {
  r.segments = path_segments(r.pattern);
  routes_.push_back(std::move(r));
}

void Router::page(const std::string& path, const std::string& tmpl, Access access, PageFn fn) {
  Route r{Route::Kind::kPage, "GET", path, {}, tmpl, std::move(access), std::move(fn), {}, {}, true};
  add(std::move(r));
}

void Router::action(const std::string& path, Access access, ActionFn fn, PrepareFn prepare) {
  Route r{Route::Kind::kAction, "POST", path, {}, "", std::move(access), {}, std::move(fn), {}, true};
  r.prepare = std::move(prepare);
  add(std::move(r));
}

void Router::one_click(const std::string& path, ActionFn fn) {
  Route r{Route::Kind::kAction, "POST", path, {}, "", Access::anyone(), {}, std::move(fn), {}, false};
  r.csrf_exempt = true;
  add(std::move(r));
}

void Router::raw(const std::string& method, const std::string& path, Access access, RawFn fn, bool api,
                 bool read_only) {
  Route r{Route::Kind::kRaw, method, path, {}, "", std::move(access), {}, {}, std::move(fn), api};
  r.read_only = read_only;
  add(std::move(r));
}

Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  std::string p = path;
  if (starts_with(p, "/api/v1/") || p == "/api/v1") {
    m.is_api = true;
    p = p.substr(7);
    if (p.empty()) p = "/";
  }
  auto segs = path_segments(p);
  std::string want = method == "HEAD" ? "GET" : method;
  // The route with the fewest parameters wins (/areas/authorities before
  // /areas/{code}); among equals, the first added.
  for (const auto& r : routes_) {
    if (m.is_api && !r.api) continue;
    std::map<std::string, std::string> params;
    if (!match_segments(r.segments, segs, params)) continue;
    m.path_known = true;
    if (r.method != want) continue;
    if (m.route && params.size() >= m.params.size()) continue;
    m.route = &r;
    m.params = std::move(params);
  }
  return m;
}

const Route* Router::page_at(const std::string& pattern) const {
  for (const auto& r : routes_)
    if (r.kind == Route::Kind::kPage && r.pattern == pattern) return &r;
  return nullptr;
}

}  // namespace kith::web
