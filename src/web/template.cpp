#include "web/template.h"

#include <cctype>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>

#include "core/embedded.h"
#include "core/text.h"
#include "i18n/catalogue.h"

namespace kith::web {

enum class NodeKind { kText, kVar, kRaw, kSection, kInverted, kPartial, kMessage };

struct TemplateNode {
  NodeKind kind;
  std::string text;                    // literal text, the tag's name, or a message's msgid
  std::vector<TemplateNode> children;  // a section's content, or a message's English (text and names)
};

namespace {

using Json = nlohmann::json;

std::vector<TemplateNode> parse(std::string_view src, const std::string& name) {
  std::vector<std::vector<TemplateNode>> stack(1);
  std::vector<std::string> open;
  size_t pos = 0;
  while (pos < src.size()) {
    size_t start = src.find("{{", pos);
    if (start == std::string_view::npos) {
      stack.back().push_back({NodeKind::kText, std::string(src.substr(pos)), {}});
      break;
    }
    if (start > pos) stack.back().push_back({NodeKind::kText, std::string(src.substr(pos, start - pos)), {}});
    bool triple = src.substr(start, 3) == "{{{";
    size_t end = src.find(triple ? "}}}" : "}}", start);
    if (end == std::string_view::npos) throw std::runtime_error("template " + name + ": unclosed tag");
    std::string tag = trim(src.substr(start + (triple ? 3 : 2), end - start - (triple ? 3 : 2)));
    pos = end + (triple ? 3 : 2);
    if (triple) {
      stack.back().push_back({NodeKind::kRaw, tag, {}});
      continue;
    }
    char sigil = tag.empty() ? ' ' : tag[0];
    std::string rest = trim(tag.substr(tag.empty() ? 0 : 1));
    switch (sigil) {
      case '!':
        break;
      case '&':
        stack.back().push_back({NodeKind::kRaw, rest, {}});
        break;
      case '>':
        stack.back().push_back({NodeKind::kPartial, rest, {}});
        break;
      case '#':
      case '^':
        stack.back().push_back({sigil == '#' ? NodeKind::kSection : NodeKind::kInverted, rest, {}});
        stack.emplace_back();
        open.push_back(rest);
        break;
      case '/': {
        if (open.empty() || open.back() != rest)
          throw std::runtime_error("template " + name + ": unexpected {{/" + rest + "}}");
        auto children = std::move(stack.back());
        stack.pop_back();
        open.pop_back();
        stack.back().back().children = std::move(children);
        break;
      }
      default:
        stack.back().push_back({NodeKind::kVar, tag, {}});
    }
  }
  if (!open.empty()) throw std::runtime_error("template " + name + ": unclosed section " + open.back());
  return std::move(stack.front());
}

// --- Messages: page text found between tags, for translation ---

// The plain text of HTML text (entities decoded); nullopt for an entity it does not know.
std::optional<std::string> html_text(std::string_view s) {
  static const std::map<std::string, std::string, std::less<>> named_entities = {
      {"amp", "&"},         {"lt", "<"},         {"gt", ">"},          {"quot", "\""},      {"apos", "'"},
      {"nbsp", "\u00a0"},   {"ndash", "\u2013"}, {"mdash", "\u2014"},  {"rsquo", "\u2019"}, {"lsquo", "\u2018"},
      {"ldquo", "\u201c"},  {"rdquo", "\u201d"}, {"hellip", "\u2026"}, {"pound", "\u00a3"}, {"copy", "\u00a9"},
      {"middot", "\u00b7"}, {"times", "\u00d7"}, {"rarr", "\u2192"},   {"larr", "\u2190"}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return std::nullopt;
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      unsigned long cp = std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
      if (cp == 0 || cp > 0x10FFFF) return std::nullopt;
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      auto it = named_entities.find(name);
      if (it == named_entities.end()) return std::nullopt;
      out += it->second;
    }
    i = semi;
  }
  return out;
}

bool has_letter(std::string_view s) {
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c))) return true;
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Walks a template's nodes as HTML, replacing each run of page text (and each
// translatable attribute's literal value) with a kMessage node.
class Segmenter {
 public:
  std::vector<TemplateNode> run(std::vector<TemplateNode>& nodes) {
    std::vector<TemplateNode> out;
    out_ = &out;
    for (auto& n : nodes) {
      if (n.kind == NodeKind::kText) {
        text(n.text);
      } else if (n.kind == NodeKind::kVar && mode_ == Mode::kContent) {
        message_.push_back(std::move(n));
      } else {
        flush();
        if (n.kind == NodeKind::kSection || n.kind == NodeKind::kInverted) {
          Segmenter inner = *this;  // the section starts where the page is; it ends there too
          n.children = inner.run(n.children);
        }
        out.push_back(std::move(n));
      }
    }
    flush();
    out_ = nullptr;
    return out;
  }

 private:
  enum class Mode { kContent, kTag, kComment, kScript };
  Mode mode_ = Mode::kContent;
  char quote_ = 0;          // the quote an attribute value is open in, inside a tag
  std::string tag_;         // the name of the tag being read
  bool tag_named_ = false;  // whether its name is complete
  std::vector<TemplateNode> message_;
  std::vector<TemplateNode>* out_ = nullptr;

  void markup(std::string_view s) {
    if (s.empty()) return;
    if (!out_->empty() && out_->back().kind == NodeKind::kText)
      out_->back().text += s;
    else
      out_->push_back({NodeKind::kText, std::string(s), {}});
  }
  void message_text(std::string_view s) {
    if (s.empty()) return;
    if (!message_.empty() && message_.back().kind == NodeKind::kText)
      message_.back().text += s;
    else
      message_.push_back({NodeKind::kText, std::string(s), {}});
  }

  // Ends the message being read: its outer whitespace stays as markup.
  void flush() {
    if (message_.empty()) return;
    std::string lead, trail;
    if (message_.front().kind == NodeKind::kText) {
      auto& t = message_.front().text;
      size_t k = 0;
      while (k < t.size() && is_space(t[k])) ++k;
      lead = t.substr(0, k);
      t.erase(0, k);
    }
    if (message_.back().kind == NodeKind::kText) {
      auto& t = message_.back().text;
      size_t k = t.size();
      while (k > 0 && is_space(t[k - 1])) --k;
      trail = t.substr(k);
      t.resize(k);
    }
    std::string id;
    bool letters = false, readable = true;
    for (const auto& part : message_) {
      if (part.kind == NodeKind::kVar) {
        id += "{" + part.text + "}";
        continue;
      }
      auto plain = html_text(part.text);
      if (!plain || plain->find_first_of("{}") != std::string::npos) readable = false;
      if (plain) {
        letters = letters || has_letter(*plain);
        id += *plain;
      }
    }
    markup(lead);
    if (letters && readable) {
      out_->push_back({NodeKind::kMessage, fold_space(id), std::move(message_)});
    } else {
      for (auto& part : message_) {
        if (part.kind == NodeKind::kText)
          markup(part.text);
        else
          out_->push_back(std::move(part));
      }
    }
    message_.clear();
    markup(trail);
  }

  static std::string fold_space(std::string_view s) {
    std::string out;
    for (char c : s) {
      if (is_space(c)) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  void text(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      switch (mode_) {
        case Mode::kContent: {
          size_t lt = s.find('<', i);
          message_text(s.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
          if (lt == std::string_view::npos) return;
          flush();
          if (s.substr(lt, 4) == "<!--") {
            mode_ = Mode::kComment;
            markup("<!--");
            i = lt + 4;
          } else {
            mode_ = Mode::kTag;
            tag_.clear();
            tag_named_ = false;
            quote_ = 0;
            markup("<");
            i = lt + 1;
          }
          break;
        }
        case Mode::kComment: {
          size_t end = s.find("-->", i);
          size_t stop = end == std::string_view::npos ? s.size() : end + 3;
          markup(s.substr(i, stop - i));
          if (end != std::string_view::npos) mode_ = Mode::kContent;
          i = stop;
          break;
        }
        case Mode::kScript: {
          size_t end = s.find("</", i);
          while (end != std::string_view::npos && to_lower(s.substr(end + 2, tag_.size())) != tag_)
            end = s.find("</", end + 2);
          size_t stop = end == std::string_view::npos ? s.size() : end;
          markup(s.substr(i, stop - i));
          i = stop;
          if (end != std::string_view::npos) {
            mode_ = Mode::kContent;  // the closing tag is read as a tag
          }
          break;
        }
        case Mode::kTag:
          i = tag(s, i);
          break;
      }
    }
  }

  // Reads a tag's text from s[i]; returns where it stopped.
  size_t tag(std::string_view s, size_t i) {
    // data-label names a table cell when a phone stacks the table as cards.
    static const std::vector<std::string_view> translated_attributes = {"placeholder=\"", "aria-label=\"", "title=\"",
                                                                        "alt=\"", "data-label=\""};
    size_t start = i;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (quote_) {
        if (c == quote_) quote_ = 0;
        continue;
      }
      if (!tag_named_) {
        if (std::isalnum(static_cast<unsigned char>(c)) || (c == '/' && tag_.empty())) {
          tag_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          continue;
        }
        tag_named_ = true;
      }
      if (c == '"' || c == '\'') {
        // A translatable attribute whose whole literal value is here.
        for (auto attr : translated_attributes) {
          if (i + 1 < attr.size() || s.substr(i + 1 - attr.size(), attr.size()) != attr) continue;
          size_t close = s.find('"', i + 1);
          if (close == std::string_view::npos) break;
          auto value = s.substr(i + 1, close - i - 1);
          auto plain = html_text(value);
          if (!plain || !has_letter(*plain) || plain->find_first_of("{}") != std::string::npos) break;
          markup(s.substr(start, i + 1 - start));
          out_->push_back({NodeKind::kMessage, fold_space(*plain), {{NodeKind::kText, std::string(value), {}}}});
          start = close;
          i = close;  // the closing quote is read next as markup
          c = 0;
          break;
        }
        if (c) quote_ = c;
        continue;
      }
      if (c == '>') {
        markup(s.substr(start, i + 1 - start));
        bool script = tag_ == "script" || tag_ == "style";
        mode_ = script ? Mode::kScript : Mode::kContent;
        return i + 1;
      }
    }
    markup(s.substr(start));
    return s.size();
  }
};

const Json* lookup(const std::vector<const Json*>& scopes, const std::string& name) {
  if (name == ".") return scopes.back();
  auto parts = split(name, '.');
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    const Json* j = *it;
    if (!j->is_object()) continue;
    auto found = j->find(parts[0]);
    if (found == j->end()) continue;
    const Json* cur = &*found;
    for (size_t i = 1; i < parts.size() && cur; ++i) {
      if (!cur->is_object()) return nullptr;
      auto next = cur->find(parts[i]);
      cur = next == cur->end() ? nullptr : &*next;
    }
    return cur;
  }
  return nullptr;
}

bool truthy(const Json* j) {
  if (!j || j->is_null()) return false;
  if (j->is_boolean()) return j->get<bool>();
  if (j->is_string()) return !j->get_ref<const std::string&>().empty();
  if (j->is_array() || j->is_object()) return !j->empty();
  return true;
}

std::string as_text(const Json* j) {
  if (!j || j->is_null()) return "";
  if (j->is_string()) return j->get<std::string>();
  if (j->is_number_float()) {
    double d = j->get<double>();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", d);
    return buf;
  }
  return j->dump();
}

}  // namespace

Templates& Templates::embedded() {
  static Templates* instance = [] {
    auto* t = new Templates();
    for (const auto* f : embedded::under("templates/")) {
      std::string name(f->path.substr(10));
      if (name.size() > 5 && name.substr(name.size() - 5) == ".html") name.resize(name.size() - 5);
      t->add(name, f->data);
    }
    return t;
  }();
  return *instance;
}

void Templates::add(const std::string& name, std::string_view text) {
  auto nodes = parse(text, name);
  parsed_[name] = std::make_shared<const std::vector<TemplateNode>>(Segmenter().run(nodes));
}

std::vector<TemplateMessage> Templates::messages() const {
  std::vector<TemplateMessage> out;
  std::function<void(const std::string&, const std::vector<TemplateNode>&)> walk =
      [&](const std::string& name, const std::vector<TemplateNode>& nodes) {
        for (const auto& n : nodes) {
          if (n.kind == NodeKind::kMessage)
            out.push_back({n.text, name});
          else
            walk(name, n.children);
        }
      };
  for (const auto& [name, nodes] : parsed_) walk(name, *nodes);
  return out;
}

bool Templates::has(const std::string& name) const { return parsed_.count(name) > 0; }

std::string Templates::render(const std::string& name, const nlohmann::json& data,
                              const i18n::Catalogue* catalogue) const {
  auto it = parsed_.find(name);
  if (it == parsed_.end()) throw std::runtime_error("no template " + name);
  std::string out;
  std::vector<const Json*> scopes{&data};
  std::function<void(const std::vector<TemplateNode>&)> walk = [&](const std::vector<TemplateNode>& nodes) {
    for (const auto& n : nodes) {
      switch (n.kind) {
        case NodeKind::kText:
          out += n.text;
          break;
        case NodeKind::kMessage: {
          const std::string* translated = catalogue ? catalogue->find(n.text) : nullptr;
          if (!translated) {
            walk(n.children);
            break;
          }
          // The translation is plain text: escaped, each {name} filled as {{name}} would be.
          std::string_view t = *translated;
          for (size_t pos = 0; pos < t.size();) {
            size_t open = t.find('{', pos), close = open == std::string_view::npos ? open : t.find('}', open);
            if (close == std::string_view::npos) {
              out += html_escape(t.substr(pos));
              break;
            }
            out += html_escape(t.substr(pos, open - pos));
            std::string_view key = t.substr(open + 1, close - open - 1);
            // Only the message's own names: a catalogue cannot reach for other data.
            for (const auto& part : n.children)
              if (part.kind == NodeKind::kVar && part.text == key) {
                out += html_escape(as_text(lookup(scopes, part.text)));
                break;
              }
            pos = close + 1;
          }
          break;
        }
        case NodeKind::kVar:
          out += html_escape(as_text(lookup(scopes, n.text)));
          break;
        case NodeKind::kRaw:
          out += as_text(lookup(scopes, n.text));
          break;
        case NodeKind::kPartial: {
          auto p = parsed_.find(n.text);
          if (p == parsed_.end()) throw std::runtime_error("template " + name + ": no partial " + n.text);
          walk(*p->second);
          break;
        }
        case NodeKind::kInverted:
          if (!truthy(lookup(scopes, n.text))) walk(n.children);
          break;
        case NodeKind::kSection: {
          const Json* v = lookup(scopes, n.text);
          if (!truthy(v)) break;
          if (v->is_array()) {
            for (const auto& item : *v) {
              scopes.push_back(&item);
              walk(n.children);
              scopes.pop_back();
            }
          } else {
            scopes.push_back(v);
            walk(n.children);
            scopes.pop_back();
          }
          break;
        }
      }
    }
  };
  walk(*it->second);
  return out;
}

}  // namespace kith::web
