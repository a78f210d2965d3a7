#include "i18n/request.h"

namespace kith::i18n {

std::shared_ptr<const Language> language_of(const web::Request& req) {
  auto chosen = req.cookies.find(kLanguageCookie);
  return Languages::embedded().choose(req.query_param("lang"), chosen == req.cookies.end() ? "" : chosen->second,
                                      req.header("accept-language"));
}

std::string direction_of(const std::string& code) {
  auto l = Languages::embedded().find(code);
  return l && l->right_to_left ? "rtl" : "ltr";
}

}  // namespace kith::i18n
