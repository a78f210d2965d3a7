#include "web/http.h"

#include <algorithm>

#include "core/text.h"
#include "i18n/speaking.h"
#include "web/boundary.h"

namespace kith::web {

bool Principal::has(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::has_any(const std::vector<std::string>& wanted) const {
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& r) { return has(r); });
}

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : trim(it->second);
}

std::string Request::query_list(const std::string& name) const {
  std::string out;
  auto [first, last] = query.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::string v = trim(it->second);
    if (!v.empty()) out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

Input Input::from_form(const std::string& urlencoded) {
  Input in;
  for (const auto& pair : split(urlencoded, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1));
    in.values_[key].push_back(value);
  }
  return in;
}

Input Input::from_parts(const std::vector<Part>& parts) {
  Input in;
  for (const auto& p : parts) {
    if (p.filename.empty()) {
      in.values_[p.name].push_back(p.content);
      continue;
    }
    in.file_names_[p.name] = p.filename;
    if (!p.content.empty()) in.files_[p.name] = p.content;
  }
  return in;
}

std::string Input::file(const std::string& field) const {
  auto it = files_.find(field);
  return it == files_.end() ? "" : it->second;
}

std::string Input::file_name(const std::string& field) const {
  auto it = file_names_.find(field);
  return it == file_names_.end() ? "" : it->second;
}

std::optional<Error> Input::empty_file(const std::string& field) const {
  std::string name = file_name(field);
  if (name.empty() || !trim(file(field)).empty()) return std::nullopt;
  return Error::validation({{field, i18n::tr("The file {name} is empty", {{"name", name}})}});
}

std::optional<Input> Input::from_json(const std::string& body) {
  auto j = parse_json(body, Limits{});
  if (!j || !j->is_object()) return std::nullopt;
  return from_json_object(*j);
}

Input Input::from_json_object(const Json& j) {
  Input in;
  auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  for (auto& [key, v] : j.items()) {
    if (v.is_null()) continue;
    if (v.is_array()) {
      for (const auto& item : v) in.values_[key].push_back(text(item));
      if (v.empty()) in.values_[key];
    } else {
      in.values_[key].push_back(text(v));
    }
  }
  return in;
}

std::string Input::get(const std::string& field) const {
  auto it = values_.find(field);
  if (it == values_.end() || it->second.empty()) return "";
  return trim(it->second.front());
}

std::string Input::raw(const std::string& field) const {
  auto it = values_.find(field);
  return it == values_.end() || it->second.empty() ? "" : it->second.front();
}

std::vector<std::string> Input::all(const std::string& field) const {
  auto it = values_.find(field);
  if (it == values_.end()) return {};
  return it->second;
}

Json Input::echo() const {
  Json out = Json::object();
  for (const auto& [k, v] : values_) {
    if (k.find("password") != std::string::npos || k == "csrf_token") continue;
    out[k] = v.empty() ? "" : v.front();
    for (const auto& item : v) out[k + "__" + item] = true;  // lets a template re-tick checkboxes
  }
  return out;
}

std::string Ctx::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

std::string Ctx::failed_message(const std::string& field) const {
  if (failed)
    for (const auto& f : failed->fields)
      if (f.field == field) return i18n::tr(f.message);
  return "";
}

std::string Ctx::absolute_url(const std::string& path) const {
  std::string base = settings.value("public_url", std::string());
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path;
}

void Ctx::commit_now() {
  if (commit_hook) commit_hook();
}

}  // namespace kith::web
