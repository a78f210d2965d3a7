#include "i18n/request.h"

#include "i18n/speaking.h"

namespace kith::i18n {

std::shared_ptr<const Language> language_of(const web::Request& req, const std::string& account_language) {
  auto cookie = req.cookies.find(kLanguageCookie);
  std::string chosen = !account_language.empty() ? account_language : cookie == req.cookies.end() ? "" : cookie->second;
  return Languages::embedded().choose(req.query_param("lang"), chosen, req.header("accept-language"));
}

web::Json written_in_choices(const std::string& chosen) {
  std::string page = Languages::embedded().find(chosen) ? chosen : speaking()->code;
  web::Json out = web::Json::array();
  for (const auto& l : Languages::embedded().all())
    out.push_back({{"value", l->code}, {"text", l->name}, {"selected", l->code == page}});
  return out;
}

std::string direction_of(const std::string& code) {
  auto l = Languages::embedded().find(code);
  return l && l->right_to_left ? "rtl" : "ltr";
}

}  // namespace kith::i18n
