#include "web/template.h"

#include <functional>
#include <stdexcept>

#include "core/embedded.h"
#include "core/text.h"

namespace kith::web {

enum class NodeKind { kText, kVar, kRaw, kSection, kInverted, kPartial };

struct TemplateNode {
  NodeKind kind;
  std::string text;  // literal text, or the tag's name
  std::vector<TemplateNode> children;
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
  parsed_[name] = std::make_shared<const std::vector<TemplateNode>>(parse(text, name));
}

bool Templates::has(const std::string& name) const { return parsed_.count(name) > 0; }

std::string Templates::render(const std::string& name, const nlohmann::json& data) const {
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
