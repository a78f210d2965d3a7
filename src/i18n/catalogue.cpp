#include "i18n/catalogue.h"

#include <cctype>
#include <stdexcept>

#include "core/text.h"

namespace kith::i18n {

namespace {

// --- Plural rules: a recursive-descent evaluator over C's expression grammar ---

struct Evaluator {
  std::string_view s;
  std::int64_t n;
  size_t pos = 0;

  void skip() {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  bool eat(std::string_view op) {
    skip();
    if (s.substr(pos, op.size()) != op) return false;
    // "<" must not take the first character of "<=", nor "=" of "==", nor "|" of "||".
    if (op.size() == 1 && pos + 1 < s.size() && (op == "<" || op == ">" || op == "!") && s[pos + 1] == '=')
      return false;
    pos += op.size();
    return true;
  }
  std::int64_t primary() {
    skip();
    if (eat("(")) {
      std::int64_t v = ternary();
      if (!eat(")")) throw std::runtime_error("a ( is not closed");
      return v;
    }
    if (eat("!")) return primary() == 0 ? 1 : 0;
    if (pos < s.size() && s[pos] == 'n') {
      ++pos;
      return n;
    }
    if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      std::int64_t v = 0;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (v > 1000000000) throw std::runtime_error("a number is too large");
        v = v * 10 + (s[pos++] - '0');
      }
      return v;
    }
    throw std::runtime_error("expected n, a number or (");
  }
  std::int64_t product() {
    std::int64_t v = primary();
    for (;;) {
      if (eat("*")) {
        v *= primary();
      } else if (eat("/") || eat("%")) {
        bool mod = s[pos - 1] == '%';
        std::int64_t d = primary();
        if (d == 0) throw std::runtime_error("division by zero");
        v = mod ? v % d : v / d;
      } else {
        return v;
      }
    }
  }
  std::int64_t sum() {
    std::int64_t v = product();
    for (;;) {
      if (eat("+"))
        v += product();
      else if (eat("-"))
        v -= product();
      else
        return v;
    }
  }
  std::int64_t comparison() {
    std::int64_t v = sum();
    for (;;) {
      if (eat("<="))
        v = v <= sum();
      else if (eat(">="))
        v = v >= sum();
      else if (eat("<"))
        v = v < sum();
      else if (eat(">"))
        v = v > sum();
      else
        return v;
    }
  }
  std::int64_t equality() {
    std::int64_t v = comparison();
    for (;;) {
      if (eat("=="))
        v = v == comparison();
      else if (eat("!="))
        v = v != comparison();
      else
        return v;
    }
  }
  std::int64_t conjunction() {
    std::int64_t v = equality();
    while (eat("&&")) v = (equality() != 0) && v;
    return v;
  }
  std::int64_t disjunction() {
    std::int64_t v = conjunction();
    while (eat("||")) v = (conjunction() != 0) || v;
    return v;
  }
  std::int64_t ternary() {
    std::int64_t c = disjunction();
    if (!eat("?")) return c;
    std::int64_t a = ternary();
    if (!eat(":")) throw std::runtime_error("a ? has no :");
    std::int64_t b = ternary();
    return c ? a : b;
  }
  std::int64_t whole() {
    std::int64_t v = ternary();
    skip();
    if (pos < s.size() && s[pos] == ';') ++pos;
    skip();
    if (pos != s.size()) throw std::runtime_error("unexpected text after the rule");
    return v;
  }
};

// --- .po syntax ---

std::string_view strip(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The text of a quoted string ("..." with C escapes); nullopt when it is not one.
std::optional<std::string> unquote(std::string_view s, std::string& why) {
  s = strip(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    why = "expected a quoted string";
    return std::nullopt;
  }
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      why = "a quote inside a string must be written \\\"";
      return std::nullopt;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 2 >= s.size()) {
      why = "a string ends with a lone backslash";
      return std::nullopt;
    }
    switch (s[++i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        why = std::string("unknown escape \\") + s[i];
        return std::nullopt;
    }
  }
  return out;
}

std::string key_of(std::string_view context, std::string_view id) {
  return context.empty() ? std::string(id) : std::string(context) + '\x04' + std::string(id);
}

}  // namespace

std::optional<PluralRule> PluralRule::parse(std::string_view expression, int count) {
  if (count < 1 || count > 6) return std::nullopt;
  try {
    for (std::int64_t n : {0, 1, 2, 5, 11, 101}) {
      Evaluator e{expression, n};
      e.whole();
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  PluralRule rule;
  rule.expression_ = std::string(expression);
  rule.count_ = count;
  return rule;
}

int PluralRule::form(std::int64_t n) const {
  Evaluator e{expression_, n};
  std::int64_t v = e.whole();
  return v >= 0 && v < count_ ? static_cast<int>(v) : 0;
}

Catalogue Catalogue::parse(std::string_view text, std::vector<PoProblem>& problems) {
  Catalogue cat;
  PoEntry cur;
  bool fuzzy = false, started = false, awaiting_id = false;
  std::vector<std::string> refs;
  std::string* last = nullptr;  // the string a continuation line adds to
  int line_no = 0;
  auto finish = [&] {
    if (!started) return;
    if (cur.strs.empty()) {
      problems.push_back({cur.line, "msgid \"" + cur.id.substr(0, 40) + "\" has no msgstr"});
    } else if (cur.id.empty() && cur.context.empty()) {
      for (const auto& l : split(cur.strs[0], '\n')) {
        auto colon = l.find(':');
        if (colon != std::string::npos) cat.headers_[trim(l.substr(0, colon))] = trim(l.substr(colon + 1));
      }
    } else {
      std::string key = key_of(cur.context, cur.id);
      if (cat.by_id_.count(key)) {
        problems.push_back({cur.line, "msgid \"" + cur.id.substr(0, 40) + "\" appears twice"});
      } else {
        cat.by_id_[key] = cat.entries_.size();
        cat.entries_.push_back(cur);
      }
    }
    cur = PoEntry{};
    started = false;
    last = nullptr;
  };
  for (const auto& raw : split(std::string(text), '\n')) {
    ++line_no;
    std::string_view line = strip(raw);
    if (line_no == 1 && starts_with(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (started && !cur.strs.empty()) finish();
      if (starts_with(line, "#,") && line.find("fuzzy") != std::string_view::npos) fuzzy = true;
      if (starts_with(line, "#:")) refs.push_back(trim(line.substr(2)));
      continue;
    }
    std::string why;
    if (line[0] == '"') {
      auto s = unquote(line, why);
      if (!s)
        problems.push_back({line_no, why});
      else if (!last)
        problems.push_back({line_no, "a string continues nothing"});
      else
        *last += *s;
      continue;
    }
    auto space = line.find_first_of(" \t");
    std::string keyword(line.substr(0, space));
    std::string_view rest = space == std::string_view::npos ? "" : line.substr(space);
    auto value = unquote(rest, why);
    if (!value) {
      problems.push_back({line_no, keyword + ": " + why});
      last = nullptr;
      continue;
    }
    // An entry starts at msgctxt, or at a msgid that does not follow its own msgctxt.
    if (keyword == "msgctxt" || (keyword == "msgid" && !awaiting_id)) {
      finish();
      started = true;
      cur.fuzzy = fuzzy;
      cur.references = refs;
      fuzzy = false;
      refs.clear();
    }
    awaiting_id = keyword == "msgctxt";
    if (keyword == "msgctxt") {
      cur.context = *value;
      last = &cur.context;
    } else if (keyword == "msgid") {
      cur.id = *value;
      cur.line = line_no;
      last = &cur.id;
    } else if (keyword == "msgid_plural") {
      cur.id_plural = *value;
      last = &cur.id_plural;
    } else if (keyword == "msgstr" && cur.id_plural.empty()) {
      cur.strs = {*value};
      last = &cur.strs.back();
    } else if (starts_with(keyword, "msgstr[") && keyword.back() == ']') {
      auto index = parse_int(keyword.substr(7, keyword.size() - 8));
      if (!index || *index != static_cast<std::int64_t>(cur.strs.size())) {
        problems.push_back({line_no, keyword + " is out of order"});
        last = nullptr;
        continue;
      }
      cur.strs.push_back(*value);
      last = &cur.strs.back();
    } else {
      problems.push_back({line_no, "unknown keyword " + keyword.substr(0, 20)});
      last = nullptr;
    }
  }
  finish();
  std::string forms = cat.header("Plural-Forms");
  if (!forms.empty()) {
    auto np = forms.find("nplurals=");
    auto pl = forms.find("plural=", np == std::string::npos ? 0 : np + 9);
    auto count =
        np == std::string::npos ? std::nullopt : parse_int(trim(forms.substr(np + 9, forms.find(';', np) - np - 9)));
    auto rule = count && pl != std::string::npos ? PluralRule::parse(forms.substr(pl + 7), static_cast<int>(*count))
                                                 : std::nullopt;
    if (rule)
      cat.plural_ = *rule;
    else
      problems.push_back({0, "the Plural-Forms header cannot be read: " + forms});
  }
  return cat;
}

const std::string* Catalogue::find(std::string_view id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return nullptr;
  const PoEntry& e = entries_[it->second];
  if (e.fuzzy || e.strs.empty() || e.strs[0].empty()) return nullptr;
  return &e.strs[0];
}

const std::string* Catalogue::find_plural(std::string_view id, std::int64_t n) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return nullptr;
  const PoEntry& e = entries_[it->second];
  size_t form = static_cast<size_t>(plural_.form(n));
  if (e.fuzzy || form >= e.strs.size() || e.strs[form].empty()) return nullptr;
  return &e.strs[form];
}

std::string Catalogue::header(std::string_view name) const {
  auto it = headers_.find(name);
  return it == headers_.end() ? "" : it->second;
}

std::string translate(const Catalogue* catalogue, const std::string& english) {
  const std::string* t = catalogue ? catalogue->find(english) : nullptr;
  return t ? *t : english;
}

std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (size_t pos = 0; (pos = text.find('{', pos)) != std::string_view::npos;) {
    auto end = text.find('}', pos);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

}  // namespace kith::i18n
