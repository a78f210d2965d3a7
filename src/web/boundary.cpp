#include "web/boundary.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "web/printable.h"

namespace kith::web {

namespace {

Error invalid_utf8(const std::string& field, const std::string& what) {
  return Error{"invalid-utf8", what + " is not valid UTF-8 text.", {{field, what + " is not valid UTF-8 text."}}};
}

Error too_long(const std::string& field, const std::string& what, std::size_t limit) {
  std::string message = what + " is longer than " + thousands(static_cast<std::int64_t>(limit)) + " bytes.";
  return Error{"field-too-long", message, {{field, message}}};
}

// `whole`: what is counted in ("The request", "The file").
Error too_many(const std::string& what, std::size_t limit, const std::string& whole = "The request") {
  return Error{"too-many-fields",
               whole + " has more than " + thousands(static_cast<std::int64_t>(limit)) + " " + what + ".",
               {}};
}

// A name safe to echo in a message: printable ASCII, shortened.
std::string shown(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

// A control character other than a tab or a line break: never text a person typed,
// and some (a zero byte, an escape) break what shows it (an XML feed, a terminal).
bool has_control(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  });
}

Error control_character(const std::string& field, const std::string& what) {
  std::string message = what + " has a control character in it (such as a zero byte): send only text.";
  return Error{"control-character", message, {{field, message}}};
}

Status check_text(std::string_view value, const std::string& field, const std::string& what, std::size_t limit) {
  if (!valid_utf8(value)) return invalid_utf8(field, what);
  if (value.size() > limit) return too_long(field, what, limit);
  if (has_control(value)) return control_character(field, what);
  return Ok{};
}

Status check_fields(const std::vector<std::pair<std::string, std::string>>& fields, const Limits& limits,
                    const std::string& kind) {
  if (fields.size() > limits.fields) return too_many(kind + "s", limits.fields);
  for (const auto& [name, value] : fields) {
    std::string field = shown(name);
    if (!valid_utf8(name)) return invalid_utf8(field, "The name of a " + kind);
    if (auto s = check_text(value, field, "The " + kind + " “" + field + "”", limits.field_bytes); !s) return s;
  }
  return Ok{};
}

std::vector<std::pair<std::string, std::string>> form_pairs(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& pair : split(body, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    out.emplace_back(url_decode(pair.substr(0, eq)), eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1)));
  }
  return out;
}

bool is_form(std::string_view content_type) {
  std::string t = to_lower(trim(content_type.substr(0, content_type.find(';'))));
  return t == "application/x-www-form-urlencoded";
}

// A SAX pass that stops at the first value nested too deep, before anything is built.
class DepthCheck : public nlohmann::json_sax<Json> {
 public:
  DepthCheck(const Limits& limits, std::string_view body, std::string_view what)
      : limits_(limits), body_(body), what_(what) {}
  std::optional<Error> error;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& s) override {
    if (s.size() > limits_.field_bytes) {
      error = too_long("body", "A text value in " + lower_first(what_), limits_.field_bytes);
      return false;
    }
    if (!limits_.json_controls && has_control(s)) {
      error = control_character("body", "A text value in " + lower_first(what_));
      return false;
    }
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return value() && open(); }
  bool key(string_t&) override {
    if (++members_ <= limits_.fields) return true;
    error = too_many("members in its JSON", limits_.fields, what_);
    return false;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return value() && open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    error = Error{"bad-json", what_ + " is not valid JSON: " + where(position) + ".", {}};
    return false;
  }

 private:
  bool value() {
    if (++values_ <= limits_.json_values) return true;
    error = too_many("values in its JSON", limits_.json_values, what_);
    return false;
  }
  bool open() {
    if (++depth_ <= limits_.json_depth) return true;
    error = Error{
        "too-deep", what_ + " is JSON nested more than " + std::to_string(limits_.json_depth) + " levels deep.", {}};
    return false;
  }
  bool close() {
    --depth_;
    return true;
  }
  // Where a parse stopped, as a person finds it in what they typed: "line 3, column 7"
  // (nlohmann counts bytes from 1; columns here count characters).
  std::string where(std::size_t position) const {
    std::size_t at = std::min(position ? position - 1 : 0, body_.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (body_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(body_[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    if (at >= body_.size()) return "it ends too soon (line " + std::to_string(line) + ")";
    return "see line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  static std::string lower_first(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
  }

  const Limits& limits_;
  std::string_view body_;
  std::string what_;
  std::size_t depth_ = 0;
  std::size_t members_ = 0;
  std::size_t values_ = 0;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decoding as a browser reads a URL's path: '+' stays '+'.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int hi = 0;
    int lo = 0;
    if (s[i] == '%' && i + 2 < s.size() && (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

bool printable(std::string_view s) {
  return valid_utf8(s) &&
         std::none_of(s.begin(), s.end(), [](char c) { return is_control(static_cast<unsigned char>(c)); });
}

Result<Json> parse_json(std::string_view body, const Limits& limits, std::string_view what) {
  const std::string named(what);
  if (body.size() > limits.body_bytes) return Error{"payload-too-large", named + " is too large.", {}};
  if (!valid_utf8(body)) return invalid_utf8("body", named);
  // A zero byte is never JSON; nlohmann's parser would stop at it and ignore the rest.
  if (body.find('\0') != std::string_view::npos)
    return Error{"bad-json", named + " has a zero byte in it, so it is not JSON.", {}};
  DepthCheck check(limits, body, what);
  bool ok = Json::sax_parse(body, &check);
  if (check.error) return *check.error;
  if (!ok) return Error{"bad-json", named + " is not valid JSON.", {}};
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return Error{"bad-json", named + " is not valid JSON.", {}};
  return j;
}

bool is_json_media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  if (to_lower(trim(type)) != "application/json") return false;
  if (type.size() == content_type.size()) return true;
  // Parameters only: each token=value, e.g. charset=utf-8.
  for (const auto& param : split(content_type.substr(type.size() + 1), ';')) {
    std::string p = trim(param);
    if (p.empty()) continue;
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || p.find_first_of(" \t/") < eq) return false;
  }
  return true;
}

Status check_request(const Request& req, const Limits& limits) {
  if (req.path.size() > limits.path_bytes) return too_long("path", "The address", limits.path_bytes);
  if (!valid_utf8(req.path)) return invalid_utf8("path", "The address");
  for (unsigned char c : req.path)
    if (is_control(c)) return Error{"bad-request", "The address has a control character in it.", {}};

  std::vector<std::pair<std::string, std::string>> fields(req.query.begin(), req.query.end());
  if (auto s = check_fields(fields, limits, "query parameter"); !s) return s;

  if (req.headers.size() > 100) return too_many("headers", 100);
  // Headers sent twice are joined with ", " (transport.cpp): one Host is one name.
  if (req.header("host").find(',') != std::string::npos)
    return Error{"bad-request", "The request has more than one Host header.", {}};
  // The parser reads chunked bodies; any other coding would be read as if it were plain.
  if (std::string coding = to_lower(trim(req.header("transfer-encoding"))); !coding.empty() && coding != "chunked")
    return Error{"bad-request",
                 "Kith reads a request body sent plainly or chunked, not coded as \"" + shown(coding) + "\".",
                 {}};
  for (const auto& [name, value] : req.headers) {
    // A person cannot mend a cookie their browser holds (another site on the domain
    // may have set it), so a bad one is left out where cookies are read, not refused.
    if (name == "cookie") {
      if (value.size() > limits.header_bytes) return too_long(name, "The header cookie", limits.header_bytes);
      continue;
    }
    if (auto s = check_text(value, shown(name), "The header " + shown(name), limits.header_bytes); !s) return s;
  }

  if (req.body.size() > limits.body_bytes)
    return Error{
        "payload-too-large",
        "The request body is larger than " + thousands(static_cast<std::int64_t>(limits.body_bytes)) + " bytes.",
        {}};
  std::string type = req.header("content-type");
  if (req.multipart) {
    if (req.parts.size() > limits.fields) return too_many("parts", limits.fields);
    for (const auto& part : req.parts) {
      std::string field = shown(part.name);
      if (!valid_utf8(part.name) || !valid_utf8(part.filename) || !valid_utf8(part.content_type))
        return invalid_utf8(field, "The form field “" + field + "”");
      if (!part.filename.empty()) continue;  // a file's bytes are checked by what reads it
      if (auto s = check_text(part.content, field, "The form field “" + field + "”", limits.field_bytes); !s) return s;
    }
  } else if (is_form(type)) {
    if (auto s = check_fields(form_pairs(req.body), limits, "form field"); !s) return s;
  } else if (is_json_media_type(type) && !req.body.empty()) {
    if (auto j = parse_json(req.body, limits); !j) return j.error();
  }
  return Ok{};
}

Result<Input> parse_input(const Request& req, bool json, const Limits& limits) {
  if (json) {
    auto j = parse_json(req.body.empty() ? "{}" : req.body, limits);
    if (!j) return j.error();
    if (!j->is_object()) return Error{"bad-json", "The request body is not a JSON object.", {}};
    return Input::from_json_object(*j);
  }
  return req.multipart ? Input::from_parts(req.parts) : Input::from_form(req.body);
}

bool is_cross_site_write(const Request& req, std::string_view public_url) {
  std::string site = to_lower(req.header("sec-fetch-site"));
  if (site == "cross-site" || site == "same-site") return true;
  if (site == "same-origin" || site == "none") return false;
  std::string origin = to_lower(req.header("origin"));
  if (origin.empty()) return false;
  if (origin == "null") return true;
  std::string base = to_lower(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!base.empty() && origin == base) return false;
  auto scheme = origin.find("://");
  std::string host = to_lower(req.header("host"));
  return scheme == std::string::npos || host.empty() || origin.substr(scheme + 3) != host;
}

std::optional<std::string> safe_next(std::string_view next) {
  if (next.empty() || next.size() > 2048 || next[0] != '/') return std::nullopt;
  if (!valid_utf8(next)) return std::nullopt;
  // Check the path both as given and once decoded: browsers drop tabs and newlines
  // and read "\" as "/", so "/%09/evil.example" or "/\evil.example" leave the site.
  for (const std::string& form : {std::string(next), percent_decode(next)}) {
    if (form.find("//") != std::string::npos || form.find('\\') != std::string::npos) return std::nullopt;
    for (unsigned char c : form)
      if (is_control(c)) return std::nullopt;
    for (const auto& segment : split(form.substr(0, form.find_first_of("?#")), '/'))
      if (segment == ".." || segment == ".") return std::nullopt;
  }
  std::string out;
  for (unsigned char c : next) {
    if (c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>') {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string safe_next_or(std::string_view next, const std::string& fallback) {
  auto safe = safe_next(next);
  return safe ? *safe : fallback;
}

void parse_target(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query) {
  auto q = target.find('?');
  auto hash = target.find('#');
  std::string_view raw_path = target.substr(0, std::min(q, hash));
  path = percent_decode(raw_path);
  if (q == std::string_view::npos || (hash != std::string_view::npos && hash < q)) return;
  std::string_view raw_query =
      target.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos : hash - q - 1);
  for (auto& [k, v] : form_pairs(raw_query)) query.emplace(std::move(k), std::move(v));
}

namespace {

// The value of a parameter in a header such as Content-Type or Content-Disposition:
// `name=value` or `name="quoted value"`.
std::optional<std::string> header_param(std::string_view header, std::string_view name) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    std::size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = to_lower(trim(header.substr(i, eq - i)));
    std::size_t v = eq + 1;
    std::string value;
    if (v < header.size() && header[v] == '"') {
      ++v;
      while (v < header.size() && header[v] != '"') {
        if (header[v] == '\\' && v + 1 < header.size()) ++v;
        value += header[v++];
      }
      if (v >= header.size()) return std::nullopt;  // unterminated quote
      ++v;
      i = header.find(';', v);
    } else {
      std::size_t end = header.find(';', v);
      value = trim(header.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v));
      i = end;
    }
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view content_type) {
  std::string type = to_lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") return std::nullopt;
  auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  std::string delimiter = "--" + *boundary;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  std::vector<Part> parts;
  at += delimiter.size();
  for (;;) {
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    std::size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return std::nullopt;
    Part part;
    bool named = false;
    for (const auto& line : split(body.substr(at, headers_end - at), '\n')) {
      std::string l = trim(line);
      auto colon = l.find(':');
      if (colon == std::string::npos) continue;
      std::string name = to_lower(trim(l.substr(0, colon)));
      std::string value = trim(l.substr(colon + 1));
      if (name == "content-type") {
        part.content_type = value;
      } else if (name == "content-disposition") {
        if (auto n = header_param(value, "name")) {
          part.name = *n;
          named = true;
        }
        if (auto f = header_param(value, "filename")) part.filename = *f;
      }
    }
    if (!named) return std::nullopt;
    std::size_t content = headers_end + 4;
    std::size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) return std::nullopt;
    part.content = std::string(body.substr(content, next - content));
    parts.push_back(std::move(part));
    at = next + 2 + delimiter.size();
  }
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto normal = [](std::string a) {
    a = trim(a);
    if (starts_with(a, "::ffff:") && a.find('.') != std::string::npos) a = a.substr(7);
    return a;
  };
  auto trusted = [&](const std::string& a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  std::string client = normal(peer);
  if (!trusted(client) || forwarded_for.empty()) return client;
  auto hops = split(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string hop = normal(*it);
    bool address = !hop.empty() && hop.size() <= 45 && std::all_of(hop.begin(), hop.end(), [](unsigned char c) {
      return std::isxdigit(c) || c == '.' || c == ':';
    });
    if (!address) return client;  // a hop that is not an address: believe no further
    client = hop;
    if (!trusted(hop)) return hop;
  }
  return client;
}

ClientBudget::ClientBudget(int max_writes, std::int64_t window_seconds, std::size_t max_clients)
    : max_writes_(max_writes), window_(window_seconds), max_clients_(max_clients) {}

std::int64_t ClientBudget::wait(const std::string& client, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = writes_.find(client);
  if (it == writes_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
  if (static_cast<int>(times.size()) < max_writes_) return 0;
  return times.front() + window_ - now;
}

void ClientBudget::spend(const std::string& client, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (writes_.size() >= max_clients_ && !writes_.count(client)) forget_quietest(now);
  auto& times = writes_[client];
  times.push_back(now);
  while (static_cast<int>(times.size()) > max_writes_) times.pop_front();
}

void ClientBudget::forget_quietest(std::int64_t now) {
  // Those whose writes have all aged out go first; if none has, the one whose last
  // write is oldest.
  for (auto it = writes_.begin(); it != writes_.end();) {
    if (it->second.empty() || it->second.back() <= now - window_)
      it = writes_.erase(it);
    else
      ++it;
  }
  if (writes_.size() < max_clients_) return;
  auto quietest = std::min_element(writes_.begin(), writes_.end(),
                                   [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  writes_.erase(quietest);
}

}  // namespace kith::web
