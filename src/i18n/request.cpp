#include "i18n/request.h"

namespace kith::i18n {

std::shared_ptr<const Language> language_of(const web::Request& req, const std::string& account_language) {
  auto cookie = req.cookies.find(kLanguageCookie);
  std::string chosen = !account_language.empty() ? account_language : cookie == req.cookies.end() ? "" : cookie->second;
  return Languages::embedded().choose(req.query_param("lang"), chosen, req.header("accept-language"));
}

std::string direction_of(const std::string& code) {
  auto l = Languages::embedded().find(code);
  return l && l->right_to_left ? "rtl" : "ltr";
}

}  // namespace kith::i18n
